// The API baseline: hand-written Fastify + postgres.js routes sending the same SQL as orders'
// GET /api/v1/customers/:id and POST /api/v1/customers (which runs its INSERT in a transaction).
import Fastify from 'fastify'
import postgres from 'postgres'

interface CustomerRow {
  id: string
  name: string
  email: string | null
  phone: string | null
  created_at: Date
}

const sql = postgres(process.env.DATABASE_URL ?? '', {
  max: Number(process.env.DB_POOL_MAX ?? 10),
  fetch_types: false,
  onnotice: () => {},
  connection: { application_name: 'minimal-orders-api' },
})
const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' }, disableRequestLogging: true })
const view = (r: CustomerRow) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  createdAt: r.created_at.toISOString(),
})

app.get('/health/ready', async () => {
  await sql`SELECT 1`
  return { status: 'ready' }
})
app.get<{ Params: { id: string } }>('/api/v1/customers/:id', async (request, reply) => {
  const [row] = await sql<
    CustomerRow[]
  >`select "id", "name", "email", "phone", "created_at" from "customers" where "customers"."id" = ${request.params.id}`
  return row ? view(row) : reply.code(404).send({ code: 'ORDERS_CUSTOMER_NOT_FOUND', message: 'not found' })
})
app.post<{ Body: { name: string; email?: string; phone?: string } }>(
  '/api/v1/customers',
  async (request, reply) => {
    const { name, email, phone } = request.body
    const [row] = await sql.begin(
      (tx) =>
        tx<
          CustomerRow[]
        >`insert into "customers" ("id", "name", "email", "phone", "created_at") values (default, ${name}, ${email ?? null}, ${phone ?? null}, default) returning "id", "name", "email", "phone", "created_at"`,
    )
    return reply.code(201).send(view(row as CustomerRow))
  },
)
app.addHook('onClose', () => sql.end({ timeout: 5 }))
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close())
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
