import { index, integer, numeric, pgEnum, pgSchema, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core'

// Step 1 of the corpus schema: an own schema, an enum, a table in each schema, a plain index.
export const bakery = pgSchema('bakery')
export const orderStatus = bakery.enum('order_status', ['pending', 'baked'])
export const unit = pgEnum('unit', ['g', 'kg'])

export const orders = bakery.table(
  'orders',
  {
    id: serial('id').primaryKey(),
    customer: text('customer').notNull(),
    status: orderStatus('status').default('pending').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index('orders_customer_idx').on(t.customer)],
)

export const products = bakery.table('products', {
  id: uuid('id').defaultRandom().primaryKey(),
  name: text('name').notNull(),
  price: numeric('price', { precision: 10, scale: 2 }),
  unit: unit('unit').default('g').notNull(),
  stock: integer('stock').default(0).notNull(),
})
