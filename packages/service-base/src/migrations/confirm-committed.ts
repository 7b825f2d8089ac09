import type { MigrateConfig } from '../config/migrate-config.js'
import { createSql } from '../database/create-sql.js'
import { MigrationNotCommittedError } from '../errors.js'
import type { BundledMigration } from './migration-bundle.js'
import { MIGRATIONS_TABLE_QUALIFIED } from './migrations-table.js'

/**
 * Reads the journal back over a new connection, so only committed rows count: every migration this
 * run applied must be there, or the run did not do its job whatever its statements reported.
 */
export async function confirmCommitted(
  config: MigrateConfig,
  service: string,
  applied: readonly BundledMigration[],
): Promise<void> {
  if (applied.length === 0) return
  const sql = createSql(config.database, { applicationName: `${service}-migrate-check`, max: 1 })
  try {
    const rows = await sql.unsafe(
      `SELECT hash, created_at::text AS created_at FROM ${MIGRATIONS_TABLE_QUALIFIED}`,
    )
    const recorded = new Set(rows.map((r) => `${r.created_at}:${r.hash}`))
    const missing = applied.filter((m) => !recorded.has(`${m.createdAt}:${m.hash}`)).map((m) => m.tag)
    if (missing.length > 0) {
      throw new MigrationNotCommittedError(
        `Migration${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ran but ${missing.length > 1 ? 'are' : 'is'} not recorded as committed in drizzle.__drizzle_migrations when read back: the server rolled ${missing.length > 1 ? 'them' : 'it'} back. Check the files' BEGIN/COMMIT statements and run the Job again.`,
        { service, missing },
      )
    }
  } finally {
    await sql.end({ timeout: 2 })
  }
}
