import type { PgDatabase } from 'drizzle-orm/pg-core'
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js'
import type * as schema from './schema.js'

/** The typed drizzle handle the chassis builds from `src/db/schema.ts`. */
export type Database = PgDatabase<PostgresJsQueryResultHKT, typeof schema>

/** What an idempotent bulk ingestion did with each item. */
export interface IngestCounts {
  received: number
  inserted: number
  updated: number
  /** Already stored with the same values: left alone (its `updated_at` does not move). */
  unchanged: number
}

/** Counts from the `RETURNING (xmax = 0)` of an upsert whose DO UPDATE skips identical rows. */
export function countUpserts(received: number, returned: { inserted: boolean }[]): IngestCounts {
  const inserted = returned.filter((r) => r.inserted).length
  const updated = returned.length - inserted
  return { received, inserted, updated, unchanged: received - inserted - updated }
}
