import { index, integer, pgEnum, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'

export const productKind = pgEnum('product_kind', ['bread', 'pastry'])

export const products = pgTable('products', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  sku: text('sku').notNull().unique(),
  kind: productKind('kind').notNull(),
  legacyCode: text('legacy_code'),
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
  (t) => [index('orders_product_idx').on(t.productId)],
)
