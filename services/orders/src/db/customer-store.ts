import { prepareOnce } from '@bakery/service-base'
import { desc, eq, sql } from 'drizzle-orm'
import { type PagePosition, toPage } from '../domain/cursor.js'
import type { CreateCustomerInput, CustomerView, UpdateCustomerInput } from '../schemas/customers.js'
import type { OrdersDb } from './database.js'
import { customers } from './schema.js'

type CustomerRow = typeof customers.$inferSelect

// Field by field rather than a spread of the row: this runs on every read and write of a customer.
function toCustomerView(row: CustomerRow): CustomerView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    createdAt: row.createdAt.toISOString(),
  }
}

// The hottest statements are built once per handle and go prepared (see prepareOnce).
const insertQuery = prepareOnce((db: OrdersDb) =>
  db
    .insert(customers)
    .values({
      name: sql.placeholder('name'),
      email: sql.placeholder('email'),
      phone: sql.placeholder('phone'),
    })
    .returning()
    .prepare('orders_insert_customer'),
)

const findQuery = prepareOnce((db: OrdersDb) =>
  db
    .select()
    .from(customers)
    .where(eq(customers.id, sql.placeholder('id')))
    .prepare('orders_find_customer'),
)

/** One INSERT: atomic on its own, so it needs no transaction of the caller's. */
export async function insertCustomer(db: OrdersDb, input: CreateCustomerInput): Promise<CustomerView> {
  const [row] = await insertQuery(db).execute({
    name: input.name,
    email: input.email ?? null,
    phone: input.phone ?? null,
  })
  return toCustomerView(row as CustomerRow)
}

export async function findCustomer(db: OrdersDb, id: string): Promise<CustomerView | undefined> {
  const [row] = await findQuery(db).execute({ id })
  return row && toCustomerView(row)
}

/** One page, newest first (createdAt DESC, id DESC: a total order, so pages never overlap or skip). */
export async function listCustomers(
  db: OrdersDb,
  page: { limit: number; after: PagePosition | undefined },
): Promise<{ items: CustomerView[]; nextCursor: string | null }> {
  const { after } = page
  const rows = await db
    .select()
    .from(customers)
    .where(
      after
        ? sql`(${customers.createdAt}, ${customers.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
        : undefined,
    )
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(page.limit + 1)
  const { items, nextCursor } = toPage(rows, page.limit)
  return { items: items.map(toCustomerView), nextCursor }
}

/** Changes the fields given; `undefined` when there is no such customer. */
export async function updateCustomer(
  db: OrdersDb,
  id: string,
  changes: UpdateCustomerInput,
): Promise<CustomerView | undefined> {
  const [row] = await db.update(customers).set(changes).where(eq(customers.id, id)).returning()
  return row && toCustomerView(row)
}

const FOREIGN_KEY_VIOLATION = '23503'

/**
 * Deletes a customer no order references. The foreign key (ON DELETE RESTRICT) decides, inside the
 * DELETE, so an order created concurrently cannot be orphaned.
 */
export async function deleteCustomer(
  db: OrdersDb,
  id: string,
): Promise<'deleted' | 'missing' | 'referenced'> {
  try {
    const rows = await db.delete(customers).where(eq(customers.id, id)).returning({ id: customers.id })
    return rows.length > 0 ? 'deleted' : 'missing'
  } catch (err) {
    if (sqlState(err) === FOREIGN_KEY_VIOLATION) return 'referenced'
    throw err
  }
}

function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return undefined
}
