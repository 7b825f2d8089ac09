import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * The first response to each `Idempotency-Key`, per endpoint. The primary key is what makes
 * concurrent retries safe: the second INSERT waits for the first transaction, then conflicts.
 * `status_code` and `response_body` are NULL only inside the claiming transaction, which fills
 * them before it commits, so no other transaction ever reads them NULL.
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
  (t) => [primaryKey({ name: 'idempotency_keys_pkey', columns: [t.scope, t.key] })],
)
