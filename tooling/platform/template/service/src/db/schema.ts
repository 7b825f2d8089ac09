import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** The __name__ database: every table drizzle-kit generates migrations from. */
export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    // Millisecond precision: timestamps round-trip through JS Dates exactly.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('items_created_at_id_idx').on(t.createdAt.desc(), t.id.desc())],
)

// The chassis' table: drizzle-kit generates it here, the chassis purges expired keys.
export { idempotencyKeys } from '@bakery/service-base/http'
