import { sql } from 'drizzle-orm'
import { char, check, date, index, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { ORDER_STATUSES } from '../../domain/order-status.js'
import { customers } from './customers.js'

const statusList = sql.raw(ORDER_STATUSES.map((s) => `'${s}'`).join(', '))

/** One order of one customer; `total` is the sum of its lines' totals, computed by the service. */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending'),
    currency: char('currency', { length: 3 }).notNull().default('EUR'),
    total: numeric('total', { precision: 20, scale: 2 }).notNull(),
    // Added by 0001 (expand step): nullable, so rows and pods that predate it stay valid.
    deliveryDate: date('delivery_date'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check('orders_status_valid', sql`${t.status} IN (${statusList})`),
    check('orders_total_not_negative', sql`${t.total} >= 0`),
    index('orders_created_at_id_idx').on(t.createdAt.desc(), t.id.desc()),
    index('orders_customer_id_created_at_idx').on(t.customerId, t.createdAt.desc()),
    index('orders_status_created_at_idx').on(t.status, t.createdAt.desc()),
  ],
)
