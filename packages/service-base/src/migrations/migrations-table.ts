/**
 * drizzle's own bookkeeping table. We read and write exactly what drizzle-orm's migrator and
 * drizzle-kit do, so both tools agree about every database.
 */
export const MIGRATIONS_SCHEMA = 'drizzle'
export const MIGRATIONS_TABLE = '__drizzle_migrations'
export const MIGRATIONS_TABLE_QUALIFIED = `"${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`
