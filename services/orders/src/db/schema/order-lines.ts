import { sql } from 'drizzle-orm'
import { check, integer, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core'
import { orders } from './orders.js'

/** The products of an order, in the order the client sent them (`line_no` from 1). */
export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    quantity: numeric('quantity', { precision: 10, scale: 3 }).notNull(),
    unitPrice: numeric('unit_price', { precision: 10, scale: 2 }).notNull(),
    lineTotal: numeric('line_total', { precision: 18, scale: 2 }).notNull(),
  },
  (t) => [
    unique('order_lines_order_id_line_no_key').on(t.orderId, t.lineNo),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('order_lines_unit_price_not_negative', sql`${t.unitPrice} >= 0`),
    // The database holds the service to its rounding rule: half away from zero, to the cent.
    check('order_lines_total_matches', sql`${t.lineTotal} = round(${t.quantity} * ${t.unitPrice}, 2)`),
  ],
)
