import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** People and businesses that order from the bakery. */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    // Millisecond precision: timestamps round-trip through JS Dates and keyset cursors exactly.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('customers_created_at_id_idx').on(t.createdAt.desc(), t.id.desc())],
)
