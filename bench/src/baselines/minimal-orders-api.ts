// The API baseline: hand-written Fastify + postgres.js routes sending the SQL text orders' drizzle
// queries send for GET /api/v1/customers/:id and POST /api/v1/customers (an INSERT in a transaction).
// BASELINE_PREPARE=false sends them unprepared, as drizzle does for queries without .prepare(name).
import Fastify from 'fastify'
import postgres from 'postgres'

interface CustomerRow {
  id: string
  name: string
  email: string | null
  phone: string | null
  created_at: Date
}

const COLUMNS = '"id", "name", "email", "phone", "created_at"'
const FIND = `select ${COLUMNS} from "customers" where "customers"."id" = $1`
const INSERT = `insert into "customers" (${COLUMNS}) values (default, $1, $2, $3, default) returning ${COLUMNS}`

const prepare = process.env.BASELINE_PREPARE !== 'false'
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
  const [row] = await sql.unsafe<CustomerRow[]>(FIND, [request.params.id], { prepare })
  return row ? view(row) : reply.code(404).send({ code: 'ORDERS_CUSTOMER_NOT_FOUND', message: 'not found' })
})
app.post<{ Body: { name: string; email?: string; phone?: string } }>(
  '/api/v1/customers',
  async (request, reply) => {
    const { name, email, phone } = request.body
    const [row] = await sql.begin((tx) =>
      tx.unsafe<CustomerRow[]>(INSERT, [name, email ?? null, phone ?? null], { prepare }),
    )
    return reply.code(201).send(view(row as CustomerRow))
  },
)
app.addHook('onClose', () => sql.end({ timeout: 5 }))
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close())
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
