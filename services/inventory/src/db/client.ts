import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import type * as schema from './schema.js'

/** The typed drizzle handle the chassis creates from `schema`. */
export type InventoryDb = PostgresJsDatabase<typeof schema>
