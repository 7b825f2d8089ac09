import type { PgDatabase } from 'drizzle-orm/pg-core'
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js'
import type * as schema from './schema.js'

/** The service's drizzle handle or a transaction of it: query functions accept either. */
export type OrdersDb = PgDatabase<PostgresJsQueryResultHKT, typeof schema>
