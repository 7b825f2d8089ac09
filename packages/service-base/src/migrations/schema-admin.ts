import type { Sql } from 'postgres'
import type { Logger } from '../logger.js'
import type { MigrationLayout } from './folder-layout.js'
import {
  CREATE_MIGRATIONS_TABLE_V0,
  CREATE_MIGRATIONS_TABLE_V1,
  MIGRATIONS_SCHEMA,
  MIGRATIONS_TABLE_QUALIFIED,
} from './migrations-table.js'

/**
 * Creates drizzle's table exactly as the drizzle-orm that reads this folder layout does: 0.x's for the
 * journal layout, 1.0's for the folder layout. An existing table is left as it is (drizzle 1.0 upgrades
 * a 0.x table itself, and its upgrade must find rows it can name). Runs under the migration lock.
 */
export async function ensureMigrationsTable(sql: Sql, layout: MigrationLayout = 'journal'): Promise<void> {
  // One round trip: both are idempotent, and the simple protocol runs them as one implicit transaction.
  const table = layout === 'folders' ? CREATE_MIGRATIONS_TABLE_V1 : CREATE_MIGRATIONS_TABLE_V0
  await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS "${MIGRATIONS_SCHEMA}"; ${table}`).simple()
}

/**
 * Drops every schema the migration role owns (public included when it owns the database) and
 * re-creates `public`, leaving an empty database for the migrations to rebuild.
 */
export async function dropServiceSchemas(sql: Sql, log: Logger): Promise<string[]> {
  const rows = await sql`
    SELECT nspname FROM pg_namespace
     WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
       AND pg_has_role(current_user, nspowner, 'MEMBER')
     ORDER BY nspname`
  const schemas = rows.map((r) => r.nspname as string)
  await sql.begin(async (tx) => {
    for (const s of schemas) await tx.unsafe(`DROP SCHEMA ${quoteIdent(s)} CASCADE`)
    await tx.unsafe('CREATE SCHEMA IF NOT EXISTS public')
  })
  log.warn({ schemas }, 'DB_FORCE_RECREATE: dropped and re-created the service schemas')
  return schemas
}

/**
 * Lets the service's runtime role use what the migrations created, and nothing more: DML on tables,
 * sequences for inserts, and read access to the migrations table for verification. Re-run after every
 * migration so new tables are covered without default-privilege bookkeeping.
 */
export async function grantRuntimeRole(sql: Sql, role: string): Promise<void> {
  const r = quoteIdent(role)
  const schemas = await sql`
    SELECT nspname FROM pg_namespace
     WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', ${MIGRATIONS_SCHEMA})
       AND pg_has_role(current_user, nspowner, 'MEMBER')`
  await sql.begin(async (tx) => {
    for (const { nspname } of schemas) {
      const s = quoteIdent(nspname as string)
      await tx.unsafe(`GRANT USAGE ON SCHEMA ${s} TO ${r}`)
      await tx.unsafe(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`)
      await tx.unsafe(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`)
    }
    await tx.unsafe(`GRANT USAGE ON SCHEMA "${MIGRATIONS_SCHEMA}" TO ${r}`)
    await tx.unsafe(`GRANT SELECT ON ${MIGRATIONS_TABLE_QUALIFIED} TO ${r}`)
    // Read-only, whatever default privileges gave it (the dev init SQL grants DML on every table the
    // owner creates, the journal included): a service must never rewrite migration history.
    await tx.unsafe(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${MIGRATIONS_TABLE_QUALIFIED} FROM ${r}`)
  })
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
