import { and, asc, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm'
import type { PagePosition } from '../domain/cursor.js'
import { toPage } from '../domain/cursor.js'
import { computeOrderTotals } from '../domain/money.js'
import { allowedTransitions, canTransition, type OrderStatus } from '../domain/order-status.js'
import type { CreateOrderInput, OrderSummaryView, OrderView } from '../schemas/orders.js'
import type { OrdersDb } from './database.js'
import { customers, orderLines, orders } from './schema.js'

type OrderRow = typeof orders.$inferSelect
type LineRow = typeof orderLines.$inferSelect

function toSummary(row: OrderRow): OrderSummaryView {
  return {
    id: row.id,
    customerId: row.customerId,
    status: row.status,
    currency: row.currency,
    total: row.total,
    deliveryDate: row.deliveryDate,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function toOrderView(row: OrderRow, lines: LineRow[]): OrderView {
  return {
    ...toSummary(row),
    lines: lines
      .sort((a, b) => a.lineNo - b.lineNo)
      .map(({ lineNo, sku, name, quantity, unitPrice, lineTotal }) => ({
        lineNo,
        sku,
        name,
        quantity,
        unitPrice,
        lineTotal,
      })),
  }
}

/** What inserting an order came to; the route maps each refusal to its HTTP error. */
export type InsertOrderResult = { outcome: 'created'; order: OrderView } | { outcome: 'customer-unknown' }

/**
 * Creates an order and its lines; totals are computed here, never taken from the client. Run in a
 * transaction: on `customer-unknown` nothing is written, and the caller decides whether to roll back.
 */
export async function insertOrder(tx: OrdersDb, input: CreateOrderInput): Promise<InsertOrderResult> {
  // The two statements of fixed shape go prepared: one round trip each instead of two. The lines'
  // INSERT has one text per line count, so it stays unprepared rather than fill every connection's
  // statement cache.
  const [customer] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(eq(customers.id, input.customerId))
    .prepare('orders_order_customer')
    .execute()
  if (!customer) return { outcome: 'customer-unknown' }
  const priced = computeOrderTotals(input.lines)
  const [order] = await tx
    .insert(orders)
    .values({
      customerId: input.customerId,
      currency: input.currency ?? 'EUR',
      total: priced.total,
      deliveryDate: input.deliveryDate ?? null,
      notes: input.notes ?? null,
    })
    .returning()
    .prepare('orders_insert_order')
    .execute()
  const row = order as OrderRow
  const lines = await tx
    .insert(orderLines)
    .values(priced.lines.map((line, i) => ({ ...line, orderId: row.id, lineNo: i + 1 })))
    .returning()
  return { outcome: 'created', order: toOrderView(row, lines) }
}

export async function findOrder(db: OrdersDb, id: string): Promise<OrderView | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id))
  if (!row) return undefined
  const lines = await db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, id))
    .orderBy(asc(orderLines.lineNo))
  return toOrderView(row, lines)
}

export interface OrderFilter {
  status?: OrderStatus | undefined
  customerId?: string | undefined
  createdFrom?: Date | undefined
  createdTo?: Date | undefined
  limit: number
  after?: PagePosition | undefined
}

/** One page of order summaries, newest first (createdAt DESC, id DESC), filters ANDed. */
export async function listOrders(
  db: OrdersDb,
  filter: OrderFilter,
): Promise<{ items: OrderSummaryView[]; nextCursor: string | null }> {
  const { after } = filter
  const conditions: (SQL | undefined)[] = [
    filter.status === undefined ? undefined : eq(orders.status, filter.status),
    filter.customerId === undefined ? undefined : eq(orders.customerId, filter.customerId),
    filter.createdFrom === undefined ? undefined : gte(orders.createdAt, filter.createdFrom),
    filter.createdTo === undefined ? undefined : lt(orders.createdAt, filter.createdTo),
    after === undefined
      ? undefined
      : sql`(${orders.createdAt}, ${orders.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`,
  ]
  const rows = await db
    .select()
    .from(orders)
    .where(and(...conditions))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(filter.limit + 1)
  const { items, nextCursor } = toPage(rows, filter.limit)
  return { items: items.map(toSummary), nextCursor }
}

/** What a transition came to; the route maps each refusal to its HTTP error. */
export type TransitionResult =
  | { outcome: 'moved'; order: OrderView }
  | { outcome: 'missing' }
  | { outcome: 'illegal'; from: OrderStatus; allowed: readonly OrderStatus[] }
  | { outcome: 'conflict'; from: OrderStatus }

/**
 * Moves an order to `to` if the workflow allows it from its current status. The UPDATE is
 * conditional on the status read just before, so of two concurrent transitions only one matches a
 * row; the other gets `conflict` instead of silently overwriting.
 */
export async function transitionOrder(db: OrdersDb, id: string, to: OrderStatus): Promise<TransitionResult> {
  const [current] = await db.select({ status: orders.status }).from(orders).where(eq(orders.id, id))
  if (!current) return { outcome: 'missing' }
  const from = current.status
  if (!canTransition(from, to)) return { outcome: 'illegal', from, allowed: allowedTransitions(from) }
  const [updated] = await db
    .update(orders)
    .set({ status: to, updatedAt: sql`now()` })
    .where(and(eq(orders.id, id), eq(orders.status, from)))
    .returning()
  if (!updated) return { outcome: 'conflict', from }
  // Lines never change after creation, so reading them after the UPDATE is consistent.
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, id))
  return { outcome: 'moved', order: toOrderView(updated, lines) }
}
