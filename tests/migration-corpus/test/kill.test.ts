import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { copyMigrationsUpTo } from '@bakery/service-base/testing'
import { execa } from 'execa'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { corpusFolder, databasePerTest, here, migrateCli, snapshot, withSql } from './support.js'

const db = databasePerTest()

/** Polls `check` every 50 ms until it holds; a bounded wait for a state another process reaches. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

describe('corpus drizzle/main: killed during its non-transactional part', () => {
  it('leaves an INVALID index that the next run drops and rebuilds, converging on the reference', async () => {
    const reference = await db()
    await migrateCli(reference.url, corpusFolder('main'))
    const d = await db()
    const upToIdiom = await copyMigrationsUpTo(
      corpusFolder('main'),
      4,
      join(await mkdtemp(join(tmpdir(), 'corpus-')), 'drizzle'),
    )
    expect((await migrateCli(d.url, upToIdiom)).code).toBe(0)
    // A writer in a transaction on bakery.orders: CREATE INDEX CONCURRENTLY waits for it.
    const writer = postgres(d.url, { max: 1, onnotice: () => {} })
    // reserve() waits for an idle connection, and a fresh pool has none until a query opens one.
    await writer`SELECT 1`
    const session = await writer.reserve()
    await session.unsafe('BEGIN; UPDATE bakery.orders SET customer = customer WHERE id = 1').simple()
    const job = execa(process.execPath, ['fixtures/migrate.mjs', corpusFolder('main')], {
      cwd: here,
      env: { DATABASE_URL: d.url, LOG_LEVEL: 'warn' },
      reject: false,
    })
    try {
      const waiting = () =>
        withSql(d.url, async (sql) => {
          const rows = await sql`SELECT 1 FROM pg_stat_activity WHERE application_name = 'corpus-migrate'
            AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'`
          return rows.length > 0
        })
      await until('the Job to wait in CREATE INDEX CONCURRENTLY', waiting)
      job.kill('SIGKILL')
      await job
      const gone = () =>
        withSql(
          d.url,
          async (sql) =>
            (await sql`SELECT 1 FROM pg_stat_activity WHERE application_name = 'corpus-migrate'`).length ===
            0,
        )
      await until('the server to end the killed session', gone)
    } finally {
      await session.unsafe('ROLLBACK')
      session.release()
      await writer.end({ timeout: 1 })
    }
    const killed = await snapshot(d.url)
    expect(killed.objects).toContain(
      'index bakery.orders_status_idx CREATE INDEX orders_status_idx ON bakery.orders USING btree (status) INVALID',
    )
    expect(killed.journal).toHaveLength(4)
    expect((await migrateCli(d.url, corpusFolder('main'), ['verify'])).code).toBe(3)
    const rerun = await migrateCli(d.url, corpusFolder('main'))
    expect(rerun.code, rerun.output.join('\n')).toBe(0)
    expect(await snapshot(d.url)).toEqual(await snapshot(reference.url))
    expect((await migrateCli(d.url, corpusFolder('main'), ['verify'])).code).toBe(0)
  })
})
