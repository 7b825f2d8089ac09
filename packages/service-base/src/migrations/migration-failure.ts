import { MigrationFailedError } from '../errors.js'
import type { LockBlocker } from './lock-blockers.js'
import type { BundledMigration } from './migration-bundle.js'
import type { ExecutionUnit, MigrationExecution } from './migration-execution.js'

export interface StatementError extends Error {
  code?: string
  statementIndex?: number
  unit?: ExecutionUnit
  blockers?: LockBlocker[]
  droppedIndex?: string | null
  invalidIndexLeft?: string | null
}

/** The error a failed migration ends the Job with: where, why, what is left, what to do. */
export function migrationFailure(
  m: BundledMigration,
  x: MigrationExecution,
  e: StatementError,
  o: { lastComplete: string | null; lockRetries: number },
): MigrationFailedError {
  const where =
    e.statementIndex === undefined ? '' : ` at statement ${e.statementIndex + 1} of ${x.units.length}`
  const sqlState = e.code ? ` (SQLSTATE ${e.code})` : ''
  const kept =
    x.mode === 'transaction'
      ? `Nothing of it was kept: the database is at ${o.lastComplete ?? 'no migration'}.`
      : `It runs outside a single transaction (${x.mode === 'as-written' ? 'it commits on its own' : 'it holds statements PostgreSQL refuses in one'}), so statements committed before the failing one took effect: make them idempotent (IF NOT EXISTS) before re-running.`
  const dropped = e.droppedIndex
    ? ` The INVALID index ${e.droppedIndex} the failed statement left was dropped.`
    : e.invalidIndexLeft
      ? ` The failed statement left the index ${e.invalidIndexLeft} INVALID and the same sessions block dropping it; the next run drops and rebuilds it.`
      : ''
  const blockers = e.blockers?.length
    ? ` Sessions in the way: ${e.blockers.map((b) => `pid ${b.pid} (${b.applicationName || 'no application_name'}, ${b.state ?? 'unknown state'})`).join(', ')}.`
    : ''
  const hint =
    e.code === '55P03'
      ? ` Other sessions held the lock through ${o.lockRetries + 1} attempts: run it at a quieter time or raise MIGRATION_LOCK_TIMEOUT.`
      : ' Fix the migration (or the data it trips on) in a new file and run the Job again.'
  return new MigrationFailedError(
    `Migration ${m.tag}.sql failed${where}: ${e.message}${sqlState}. ${kept}${dropped}${blockers}${hint}`,
    {
      migration: m.tag,
      hash: m.hash,
      outcome: 'failed',
      statement: e.statementIndex,
      sqlState: e.code,
      lastComplete: o.lastComplete,
      ...(e.blockers ? { blockers: e.blockers } : {}),
    },
    { cause: e },
  )
}
