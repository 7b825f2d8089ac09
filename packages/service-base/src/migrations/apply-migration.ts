import { setTimeout as sleep } from 'node:timers/promises'
import type { Sql } from 'postgres'
import { MigrationFailedError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { BundledMigration } from './migration-bundle.js'
import { journalRowInsert } from './migrations-table.js'

export interface ApplyOptions {
  lockTimeoutMs: number
  statementTimeoutMs: number
  lockRetries: number
  /** drizzle's table version (`DatabaseState.tableVersion`): which columns the journal row fills. */
  tableVersion?: 0 | 1
  /** Tag of the last migration known complete, for the failure message. */
  lastComplete: string | null
  log: Logger
}

const LOCK_NOT_AVAILABLE = '55P03'

/**
 * Applies one migration and records it in drizzle's table. A transactional migration commits its
 * statements and its row together, so a failure or a kill leaves nothing of it behind. A migration
 * that cannot run in a transaction runs statement by statement and is recorded last.
 * When a statement times out waiting for a table lock (live traffic holds it), the migration is
 * rolled back and retried after a pause, rather than queueing and blocking that traffic.
 */
export async function applyMigration(sql: Sql, m: BundledMigration, options: ApplyOptions): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const started = performance.now()
    try {
      if (m.transactional) await applyInTransaction(sql, m, options)
      else await applyWithoutTransaction(sql, m, options)
      return performance.now() - started
    } catch (err) {
      const e = err as StatementError
      if (e.code === LOCK_NOT_AVAILABLE && attempt < options.lockRetries) {
        const delayMs = Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2)
        options.log.warn(
          {
            migration: m.tag,
            attempt: attempt + 1,
            retries: options.lockRetries,
            delayMs: Math.round(delayMs),
          },
          'migration timed out waiting for a table lock held by other sessions; rolled back, retrying',
        )
        await sleep(delayMs)
        continue
      }
      throw failure(m, e, options)
    }
  }
}

interface StatementError extends Error {
  code?: string
  statementIndex?: number
  position?: string
}

async function applyInTransaction(sql: Sql, m: BundledMigration, o: ApplyOptions): Promise<void> {
  await sql.begin(async (tx) => {
    await tx.unsafe(`SET LOCAL lock_timeout = ${o.lockTimeoutMs}`)
    await tx.unsafe(`SET LOCAL statement_timeout = ${o.statementTimeoutMs}`)
    await runStatements(tx, m)
    await tx.unsafe(...journalRowInsert(m, o.tableVersion ?? 0))
  })
}

async function applyWithoutTransaction(sql: Sql, m: BundledMigration, o: ApplyOptions): Promise<void> {
  await sql.unsafe(`SET lock_timeout = ${o.lockTimeoutMs}`)
  await sql.unsafe(`SET statement_timeout = ${o.statementTimeoutMs}`)
  try {
    await runStatements(sql, m)
    await sql.unsafe(...journalRowInsert(m, o.tableVersion ?? 0))
  } finally {
    await sql.unsafe('RESET lock_timeout; RESET statement_timeout').simple()
  }
}

async function runStatements(sql: Pick<Sql, 'unsafe'>, m: BundledMigration): Promise<void> {
  for (const [i, statement] of m.statements.entries()) {
    try {
      // Simple protocol: a chunk between breakpoints may hold several statements.
      await sql.unsafe(statement).simple()
    } catch (err) {
      throw Object.assign(err as StatementError, { statementIndex: i })
    }
  }
}

function failure(m: BundledMigration, e: StatementError, o: ApplyOptions): MigrationFailedError {
  const where =
    e.statementIndex === undefined ? '' : ` at statement ${e.statementIndex + 1} of ${m.statements.length}`
  const sqlState = e.code ? ` (SQLSTATE ${e.code})` : ''
  const kept = m.transactional
    ? `Nothing of it was kept: the database is at ${o.lastComplete ?? 'no migration'}.`
    : `It runs outside a transaction, so statements before the failing one took effect: make them idempotent (IF NOT EXISTS) before re-running.`
  const hint =
    e.code === LOCK_NOT_AVAILABLE
      ? ` Other sessions held the table lock through ${o.lockRetries + 1} attempts: run it at a quieter time or raise MIGRATION_LOCK_TIMEOUT.`
      : ' Fix the migration (or the data it trips on) in a new file and run the Job again.'
  return new MigrationFailedError(
    `Migration ${m.tag}.sql failed${where}: ${e.message}${sqlState}. ${kept}${hint}`,
    {
      migration: m.tag,
      hash: m.hash,
      outcome: 'failed',
      statement: e.statementIndex,
      sqlState: e.code,
      lastComplete: o.lastComplete,
    },
    { cause: e },
  )
}
