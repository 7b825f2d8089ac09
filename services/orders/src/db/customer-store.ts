import { desc, eq, sql } from 'drizzle-orm'
import { type PagePosition, toPage } from '../domain/cursor.js'
import type { CreateCustomerInput, CustomerView, UpdateCustomerInput } from '../schemas/customers.js'
import type { OrdersDb } from './database.js'
import { customers } from './schema.js'

type CustomerRow = typeof customers.$inferSelect

function toCustomerView(row: CustomerRow): CustomerView {
  return { ...row, createdAt: row.createdAt.toISOString() }
}

export async function insertCustomer(db: OrdersDb, input: CreateCustomerInput): Promise<CustomerView> {
  const [row] = await db
    .insert(customers)
    .values({ name: input.name, email: input.email ?? null, phone: input.phone ?? null })
    .returning()
  return toCustomerView(row as CustomerRow)
}

/*
 * The hottest read, built once per database handle and sent as a named prepared statement: drizzle
 * otherwise rebuilds the SQL text and PostgreSQL re-plans it on every request.
 */
const findById = new WeakMap<OrdersDb, ReturnType<typeof prepareFindCustomer>>()
function prepareFindCustomer(db: OrdersDb) {
  return db
    .select()
    .from(customers)
    .where(eq(customers.id, sql.placeholder('id')))
    .prepare('orders_find_customer')
}

export async function findCustomer(db: OrdersDb, id: string): Promise<CustomerView | undefined> {
  let query = findById.get(db)
  if (!query) {
    query = prepareFindCustomer(db)
    findById.set(db, query)
  }
  const [row] = await query.execute({ id })
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
