import type { Sql } from 'postgres'
import type { MigrateConfig } from '../config/migrate-config.js'
import { describeTarget, withConnectRetry } from '../database/connect-retry.js'
import { createSql } from '../database/create-sql.js'
import type { Logger } from '../logger.js'
import { acquireMigrationLock, releaseMigrationLock, tryMigrationLock } from './migration-lock.js'

/**
 * Runs `work` on one dedicated connection holding the migration lock: what apply, repair, resolve
 * and baseline all need. The server checks that the client is still there while a long statement
 * runs, so a killed Job frees the lock promptly.
 */
export async function withMigrationSession<T>(
  config: MigrateConfig,
  service: string,
  log: Logger,
  work: (sql: Sql, lockWaitMs: number) => Promise<T>,
): Promise<T> {
  const sql = createSql(config.database, {
    applicationName: `${service}-migrate`,
    max: 1,
    connection: { application_name: `${service}-migrate`, client_connection_check_interval: '1000' },
  })
  try {
    // The first lock attempt is also the statement that waits for the server to be reachable;
    // only when another runner holds the lock does the (timed) wait begin.
    const locked = await withConnectRetry(() => tryMigrationLock(sql), {
      deadlineMs: config.database.connectTimeoutMs,
      target: describeTarget(config.database.url),
      onRetry: (info) => log.warn(info, 'database not reachable yet; retrying'),
    })
    const lockWaitMs = locked ? 0 : await acquireMigrationLock(sql, config.advisoryLockWaitMs, log)
    try {
      return await work(sql, lockWaitMs)
    } finally {
      await releaseMigrationLock(sql).catch(() => {})
    }
  } finally {
    // Every statement was awaited; only an attempt abandoned at DB_CONNECT_TIMEOUT can be in flight.
    await sql.end({ timeout: 0 })
  }
}
