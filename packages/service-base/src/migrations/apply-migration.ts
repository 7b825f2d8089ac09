import { setTimeout as sleep } from 'node:timers/promises'
import type { Sql } from 'postgres'
import { MigrationIndexInvalidError, MigrationNotCommittedError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { ExecutionPlans } from './execution-plans.js'
import { dropInvalidIndex, invalidIndexesOn } from './invalid-indexes.js'
import { findLockBlockers } from './lock-blockers.js'
import type { BundledMigration } from './migration-bundle.js'
import { type ExecutionUnit, type MigrationExecution, planExecution } from './migration-execution.js'
import { migrationFailure, type StatementError } from './migration-failure.js'
import { journalRowInsert } from './migrations-table.js'
import { concurrentIndexName } from './sql-statements.js'

export interface ApplyOptions {
  lockTimeoutMs: number
  statementTimeoutMs: number
  lockRetries: number
  /** drizzle's table version (`DatabaseState.tableVersion`): which columns the journal row fills. */
  tableVersion?: 0 | 1
  /** Tag of the last migration known complete, for the failure message. */
  lastComplete: string | null
  log: Logger
  /** Plans decided at build time, by file hash: a migration found there is not parsed again. */
  plans?: ExecutionPlans
}

const LOCK_NOT_AVAILABLE = '55P03'

/**
 * Applies one migration and records it in drizzle's table, the way its statements require (see
 * ExecutionMode). When a statement times out waiting for a lock (live traffic holds it), the sessions
 * in the way are logged and the migration is retried after a pause, rather than queueing behind them.
 */
export async function applyMigration(sql: Sql, m: BundledMigration, options: ApplyOptions): Promise<number> {
  const execution = options.plans?.get(m.hash) ?? (await planExecution(m))
  options.log.info(
    { migration: m.tag, hash: m.hash, statements: execution.units.length, mode: execution.mode },
    'applying migration',
  )
  for (let attempt = 0; ; attempt++) {
    const started = performance.now()
    try {
      if (execution.mode === 'transaction') await applyInTransaction(sql, m, execution, options)
      else await applyOutsideTransaction(sql, m, execution, options)
      return performance.now() - started
    } catch (err) {
      const e = err as StatementError
      if (execution.mode !== 'transaction') await cleanUpAfterFailure(sql, e, options.log)
      if (e.code === LOCK_NOT_AVAILABLE && e.unit) {
        e.blockers = await findLockBlockers(sql, e.unit.statements).catch(() => undefined)
        options.log.warn(
          { migration: m.tag, statement: (e.statementIndex ?? 0) + 1, blockers: e.blockers },
          'statement timed out waiting for a lock; these sessions hold or wait for locks it needs',
        )
      }
      if (e.code === LOCK_NOT_AVAILABLE && attempt < options.lockRetries) {
        const delayMs = Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2)
        options.log.warn(
          {
            migration: m.tag,
            attempt: attempt + 1,
            retries: options.lockRetries,
            delayMs: Math.round(delayMs),
            droppedInvalidIndex: e.droppedIndex ?? undefined,
          },
          execution.mode === 'transaction'
            ? 'migration timed out waiting for a table lock held by other sessions; rolled back, retrying'
            : `migration timed out waiting for a lock at statement ${(e.statementIndex ?? 0) + 1}; it runs outside a transaction, so the statements before it stay applied and are re-run (they must be idempotent); retrying`,
        )
        await sleep(delayMs)
        continue
      }
      if (e instanceof MigrationIndexInvalidError || e instanceof MigrationNotCommittedError) throw e
      throw migrationFailure(m, execution, e, options)
    }
  }
}

async function applyInTransaction(sql: Sql, m: BundledMigration, x: MigrationExecution, o: ApplyOptions) {
  await sql.begin(async (tx) => {
    await tx
      .unsafe(
        `SET LOCAL lock_timeout = ${o.lockTimeoutMs}; SET LOCAL statement_timeout = ${o.statementTimeoutMs}`,
      )
      .simple()
    await runUnits(tx, x.units)
    await tx.unsafe(...journalRowInsert(m, o.tableVersion ?? 0))
  })
}

/**
 * Session settings, not SET LOCAL: the file's own COMMIT would end them. In `as-written` mode our BEGIN
 * plays drizzle's: the file may COMMIT it and BEGIN again, and our final COMMIT closes what it opened.
 */
async function applyOutsideTransaction(
  sql: Sql,
  m: BundledMigration,
  x: MigrationExecution,
  o: ApplyOptions,
) {
  // Reset on success here, on failure by cleanUpAfterFailure (after its DROP INDEX, which needs them).
  await sql
    .unsafe(`SET lock_timeout = ${o.lockTimeoutMs}; SET statement_timeout = ${o.statementTimeoutMs}`)
    .simple()
  if (x.mode === 'as-written') await sql.unsafe('BEGIN')
  await runUnits(sql, x.units, async (unit) => {
    const statement = unit.statements[0]
    if (statement) await dropInvalidIndex(sql, statement, o.log)
  })
  const invalid = await invalidIndexesOn(
    sql,
    x.units.flatMap((u) => u.statements),
  )
  if (invalid.length > 0) {
    throw new MigrationIndexInvalidError(
      `Migration ${m.tag}.sql left the index${invalid.length > 1 ? 'es' : ''} ${invalid.join(', ')} INVALID (a CONCURRENTLY build was cancelled), so it is not recorded. Run the Job again: the invalid index is dropped and rebuilt.`,
      { migration: m.tag, invalidIndexes: invalid },
    )
  }
  await sql.unsafe(...journalRowInsert(m, o.tableVersion ?? 0))
  // Without a transaction open this only warns; with the file's last BEGIN open it commits its tail.
  if (x.mode === 'as-written') await sql.unsafe('COMMIT')
  await assertNoOpenTransaction(sql, m)
  await sql.unsafe('RESET lock_timeout; RESET statement_timeout').simple()
}

/** The first command of a transaction has statement_timestamp() = transaction_timestamp() (docs). */
async function assertNoOpenTransaction(sql: Sql, m: BundledMigration): Promise<void> {
  const [row] = await sql.unsafe('SELECT statement_timestamp() = transaction_timestamp() AS idle')
  if (row?.idle) return
  await sql.unsafe('ROLLBACK')
  throw new MigrationNotCommittedError(
    `Migration ${m.tag}.sql left a transaction open after its last statement, so nothing after its last COMMIT would be kept: it is not recorded. Balance its BEGIN/COMMIT statements.`,
    { migration: m.tag },
  )
}

/**
 * After a failure outside our transaction: end whatever the file had open, then drop the half-built
 * index, still under MIGRATION_LOCK_TIMEOUT (the sessions that blocked the build may block the drop).
 */
async function cleanUpAfterFailure(sql: Sql, e: StatementError, log: Logger): Promise<void> {
  await sql.unsafe('ROLLBACK').catch(() => {})
  const statement = e.unit?.statements[0]
  if (statement) {
    try {
      e.droppedIndex = await dropInvalidIndex(sql, statement, log)
    } catch (dropError) {
      e.invalidIndexLeft = concurrentIndexName(statement) ?? null
      log.warn(
        { index: e.invalidIndexLeft, err: (dropError as Error).message },
        'could not drop the INVALID index the failed statement left; the next run drops and rebuilds it',
      )
    }
  }
  await sql
    .unsafe('RESET lock_timeout; RESET statement_timeout')
    .simple()
    .catch(() => {})
}

async function runUnits(
  sql: Pick<Sql, 'unsafe'>,
  units: ExecutionUnit[],
  before?: (unit: ExecutionUnit) => Promise<void>,
): Promise<void> {
  for (const [i, unit] of units.entries()) {
    try {
      await before?.(unit)
      // Simple protocol: a drizzle chunk may hold several statements.
      await sql.unsafe(unit.text).simple()
    } catch (err) {
      throw Object.assign(err as StatementError, { statementIndex: i, unit })
    }
  }
}
