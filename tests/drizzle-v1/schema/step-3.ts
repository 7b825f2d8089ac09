import { sql } from 'drizzle-orm'
import { check, index, integer, numeric, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'

export const productKind = pgEnum('product_kind', ['bread', 'pastry'])

export const products = pgTable('products', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  sku: text('sku').notNull().unique(),
  kind: productKind('kind').notNull(),
  legacyCode: text('legacy_code'),
  price: numeric('price', { precision: 10, scale: 2 }).default('0').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
})

export const orders = pgTable(
  'orders',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    quantity: integer('quantity').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [
    index('orders_product_idx').on(t.productId),
    index('orders_placed_at_idx').on(t.placedAt),
    check('orders_quantity_positive', sql`${t.quantity} > 0`),
  ],
)
