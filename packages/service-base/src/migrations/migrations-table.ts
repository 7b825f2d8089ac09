/**
 * drizzle's own bookkeeping table. We read and write exactly what drizzle-orm's migrator and
 * drizzle-kit do, so both tools agree about every database.
 */
export const MIGRATIONS_SCHEMA = 'drizzle'
export const MIGRATIONS_TABLE = '__drizzle_migrations'
export const MIGRATIONS_TABLE_QUALIFIED = `"${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`

/**
 * drizzle's table as each version creates it. drizzle-orm 1.0 adds `name` (the migration's folder
 * name, by which it picks pending migrations) and `applied_at`.
 */
export const CREATE_MIGRATIONS_TABLE_V0 = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE_QUALIFIED} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`
export const CREATE_MIGRATIONS_TABLE_V1 = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE_QUALIFIED} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint, name text, applied_at timestamp with time zone DEFAULT now())`

/**
 * The row that records one applied migration, as the drizzle version owning the table writes it. In a
 * version-1 table `name` must be filled: drizzle 1.0 treats a row without one as nothing applied
 * and would run the migration again.
 */
export function journalRowInsert(
  m: { hash: string; createdAt: number; name?: string; tag: string },
  tableVersion: 0 | 1,
): [string, Array<string | number>] {
  if (tableVersion === 0) {
    return [
      `INSERT INTO ${MIGRATIONS_TABLE_QUALIFIED} (hash, created_at) VALUES ($1, $2)`,
      [m.hash, m.createdAt],
    ]
  }
  return [
    `INSERT INTO ${MIGRATIONS_TABLE_QUALIFIED} (hash, created_at, name, applied_at) VALUES ($1, $2, $3, now())`,
    [m.hash, m.createdAt, m.name ?? m.tag],
  ]
}
