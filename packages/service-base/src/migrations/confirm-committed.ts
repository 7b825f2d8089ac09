import type { Sql } from 'postgres'
import { MigrationNotCommittedError } from '../errors.js'
import type { BundledMigration } from './migration-bundle.js'
import { MIGRATIONS_TABLE_QUALIFIED } from './migrations-table.js'

/*
 * Read on the migration session, in one statement that also says whether that session has a
 * transaction with writes of its own (txid_current_if_assigned() is null otherwise). Without one, the
 * statement's snapshot sees committed rows only: what a new connection would read, without the cost
 * of opening one (a TCP connect and a password exchange, ~8 ms, at every Job that applied something).
 */
const READ_BACK = `
SELECT txid_current_if_assigned() IS NOT NULL AS uncommitted_writes,
       coalesce((SELECT json_agg(created_at::text || ':' || hash) FROM ${MIGRATIONS_TABLE_QUALIFIED}), '[]')::text
         AS recorded`

/**
 * Reads the journal back once every migration ran, so only committed rows count: every migration this
 * run applied must be there, or the run did not do its job whatever its statements reported.
 */
export async function confirmCommitted(
  sql: Pick<Sql, 'unsafe'>,
  service: string,
  applied: readonly BundledMigration[],
): Promise<void> {
  if (applied.length === 0) return
  const [row] = await sql.unsafe(READ_BACK)
  if (row?.uncommitted_writes) {
    throw new MigrationNotCommittedError(
      `The migration session still has a transaction open with writes after ${applied.at(-1)?.tag}.sql, so nothing it wrote since its last COMMIT is committed: the run is not recorded as complete. Check the files' BEGIN/COMMIT statements and run the Job again.`,
      { service, missing: applied.map((m) => m.tag) },
    )
  }
  const recorded = new Set(JSON.parse(row?.recorded ?? '[]') as string[])
  const missing = applied.filter((m) => !recorded.has(`${m.createdAt}:${m.hash}`)).map((m) => m.tag)
  if (missing.length > 0) {
    throw new MigrationNotCommittedError(
      `Migration${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ran but ${missing.length > 1 ? 'are' : 'is'} not recorded as committed in drizzle.__drizzle_migrations when read back: the server rolled ${missing.length > 1 ? 'them' : 'it'} back. Check the files' BEGIN/COMMIT statements and run the Job again.`,
      { service, missing },
    )
  }
}
