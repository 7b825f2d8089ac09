import { setTimeout as sleep } from 'node:timers/promises'
import type { MigrateConfig } from '../config/migrate-config.js'
import { describeTarget, withConnectRetry } from '../database/connect-retry.js'
import { createSql } from '../database/create-sql.js'
import { type BakeryError, isBakeryError, WaitTimeoutError } from '../errors.js'
import type { Logger } from '../logger.js'
import { type DatabaseState, readDatabaseState } from './database-state.js'
import type { MigrationBundle } from './migration-bundle.js'
import { evaluateVerification, type VerificationResult } from './verify-database.js'

const CONNECTION_FAILURES = new Set(['SVC_DB_UNREACHABLE', 'SVC_DB_DATABASE_MISSING', 'SVC_DB_AUTH_FAILED'])

interface CheckContext {
  service: string
  config: MigrateConfig
  bundle: MigrationBundle
  log: Logger
}

/** Reads the database state over a short-lived connection, retrying until DB_CONNECT_TIMEOUT. */
export async function readStateWithRetry(
  ctx: CheckContext,
  deadlineMs = ctx.config.database.connectTimeoutMs,
  expected?: MigrationBundle,
): Promise<DatabaseState> {
  const sql = createSql(ctx.config.database, { applicationName: `${ctx.service}-migrate`, max: 1 })
  try {
    return await withConnectRetry(() => readDatabaseState(sql, expected?.migrations), {
      deadlineMs,
      target: describeTarget(ctx.config.database.url),
      onRetry: (info) => ctx.log.debug(info, 'database not reachable yet; retrying'),
    })
  } finally {
    // Nothing is in flight unless the deadline abandoned an attempt: end that one now, not later.
    await sql.end({ timeout: 0 })
  }
}

export async function verifyOnce(ctx: CheckContext, deadlineMs?: number): Promise<VerificationResult> {
  const state = await readStateWithRetry(ctx, deadlineMs, ctx.bundle)
  return evaluateVerification(ctx.bundle, state, { service: ctx.service, strict: ctx.config.strict })
}

/**
 * Re-checks until the service could start, for the Deployment's init container. Empty and pending
 * mean "not yet"; drift and out-of-order never fix themselves, but a Job that is about to run may
 * still repair them, so they are waited on too and named in the log. Reaching the database is bounded
 * by DB_CONNECT_TIMEOUT, as in every command: a server that stays unreachable, a missing database or
 * a refused login ends the wait with its own code instead of being waited on until --timeout.
 */
export async function waitForDatabase(
  ctx: CheckContext,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<VerificationResult> {
  const deadline = Date.now() + timeoutMs
  let lastCode: string | undefined
  let last: BakeryError | undefined
  for (let attempt = 1; ; attempt++) {
    try {
      const connectBudget = Math.min(ctx.config.database.connectTimeoutMs, Math.max(0, deadline - Date.now()))
      return await verifyOnce(ctx, connectBudget)
    } catch (err) {
      if (!isBakeryError(err) || CONNECTION_FAILURES.has(err.code)) throw err
      last = err
      if (err.code !== lastCode) ctx.log.info({ code: err.code, attempt }, `waiting: ${err.message}`)
      lastCode = err.code
    }
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `The database did not become ready within ${timeoutMs / 1000}s. Last state: ${last?.message ?? 'unknown'}`,
        { lastCode, timeoutMs },
        { cause: last },
      )
    }
    await sleep(Math.min(intervalMs, remaining))
  }
}
