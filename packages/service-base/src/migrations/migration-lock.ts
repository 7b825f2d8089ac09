import { setTimeout as sleep } from 'node:timers/promises'
import type { Sql } from 'postgres'
import { MigrationLockTimeoutError } from '../errors.js'
import type { Logger } from '../logger.js'

/*
 * Two 32-bit keys ('bake', 'migr'). Advisory locks are per database, so every service's database has
 * its own lock; the two-key form keeps us clear of single-key locks other tools may take.
 */
const KEY_A = 0x62616b65
const KEY_B = 0x6d696772

/**
 * Takes the migration lock on `sql`, which must be a single dedicated connection: a session lock lives
 * as long as the connection, so a runner that dies releases it with its socket.
 * Waits at most `waitMs` for another runner to finish.
 *
 * Waiters poll with pg_try_advisory_lock instead of blocking in pg_advisory_lock: a session blocked
 * in a statement holds a snapshot, and `CREATE INDEX CONCURRENTLY` in the holder's migration waits
 * for every such snapshot to end, which would deadlock holder and waiters.
 */
export async function acquireMigrationLock(sql: Sql, waitMs: number, log: Logger): Promise<number> {
  const started = Date.now()
  let delay = 25
  let nextReport = 0
  for (;;) {
    if (await tryMigrationLock(sql)) return Date.now() - started
    const waited = Date.now() - started
    if (waited >= nextReport) {
      log.info(
        { holders: await lockHolders(sql), waitedMs: waited, waitMs },
        'another migration run holds the lock; waiting for it',
      )
      nextReport = waited + 10_000
    }
    if (waited >= waitMs) throw lockTimeout(waitMs)
    await sleep(Math.min(delay * (0.5 + Math.random()), waitMs - waited))
    // A short cap: the lock is usually released within a second, and polls are cheap.
    delay = Math.min(delay * 2, 100)
  }
}

/** One non-blocking attempt: true when this session now holds the lock. */
export async function tryMigrationLock(sql: Sql): Promise<boolean> {
  const [row] = await sql`SELECT pg_try_advisory_lock(${KEY_A}::int, ${KEY_B}::int) AS locked`
  return row?.locked === true
}

async function lockHolders(sql: Sql) {
  const rows = await sql`
    SELECT a.pid, a.application_name
      FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted
       AND l.classid = ${KEY_A}::int::oid AND l.objid = ${KEY_B}::int::oid AND l.objsubid = 2`
  return rows.map((h) => ({ pid: h.pid as number, app: h.application_name as string }))
}

export async function releaseMigrationLock(sql: Sql): Promise<void> {
  await sql`SELECT pg_advisory_unlock(${KEY_A}::int, ${KEY_B}::int)`
}

function lockTimeout(waitMs: number): MigrationLockTimeoutError {
  return new MigrationLockTimeoutError(
    `Another migration run held the lock for longer than ${waitMs / 1000}s. Check for a stuck Job (\`kubectl get jobs\`) or raise MIGRATION_ADVISORY_LOCK_WAIT.`,
    { waitMs },
  )
}
