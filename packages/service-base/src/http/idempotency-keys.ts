import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * The first response to each `Idempotency-Key`, per endpoint. A service that honours the header
 * exports this table from its drizzle schema, so drizzle-kit writes the service's own migration
 * for it, and the chassis purges expired keys. The primary key is what makes concurrent retries
 * safe: the second INSERT waits for the first transaction, then conflicts. `status_code` and
 * `response_body` are NULL only inside the claiming transaction, which fills them before it commits.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'idempotency_keys_pkey', columns: [t.scope, t.key] }),
    // The purge deletes by age: without it every purge would scan the whole table.
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
)
