import type { PgDatabase } from 'drizzle-orm/pg-core'
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js'
import type * as schema from './schema.js'

/** The typed drizzle handle the chassis creates from `schema`, or a transaction of it. */
export type InventoryDb = PgDatabase<PostgresJsQueryResultHKT, typeof schema>
