import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { readDatabaseState } from '../src/migrations/database-state.js'
import { readMigrationBundle } from '../src/migrations/migration-bundle.js'
import { describeStatus, formatStatus } from '../src/migrations/migration-status.js'
import { verifyDatabase } from '../src/migrations/verify-database.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { startServiceProcess } from '../src/testing/service-process.js'
import { capturingLogger, connect, databasePerTest, migrate } from './helpers.js'

const here = fileURLToPath(new URL('.', import.meta.url))

const db = databasePerTest()
const table = { tag: '0000_t', sql: 'CREATE TABLE "t" ("id" integer);' }
const index = (ifNotExists: boolean) => ({
  tag: '0001_idx',
  sql: `CREATE INDEX CONCURRENTLY ${ifNotExists ? 'IF NOT EXISTS ' : ''}"t_id_idx" ON "t" ("id");`,
})

/** A writer with an open transaction on "t", as live traffic: CONCURRENTLY builds wait for it. */
async function openWriter(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'traffic' } })
  await sql`SELECT 1`
  const session = await sql.reserve()
  await session.unsafe('BEGIN; INSERT INTO t VALUES (1)').simple()
  const [{ pid }] = (await session`SELECT pg_backend_pid() AS pid`) as unknown as [{ pid: number }]
  return {
    pid,
    async close() {
      await session.unsafe('ROLLBACK')
      session.release()
      await sql.end({ timeout: 1 })
    },
  }
}

async function indexes(url: string) {
  const sql = connect(url)
  try {
    return await sql`SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 't_id_idx'`
  } finally {
    await sql.end()
  }
}

/** An INVALID index, as a CREATE INDEX CONCURRENTLY cancelled by lock_timeout leaves it. */
async function leaveInvalidIndex(url: string): Promise<void> {
  const writer = await openWriter(url)
  const sql = connect(url)
  try {
    await sql.unsafe('SET lock_timeout = 100').simple()
    await expect(sql.unsafe('CREATE INDEX CONCURRENTLY "t_id_idx" ON "t" ("id")')).rejects.toMatchObject({
      code: '55P03',
    })
  } finally {
    await writer.close()
    await sql.end()
  }
}

describe('CREATE INDEX CONCURRENTLY cancelled by lock_timeout', () => {
  it('names the sessions in the way, says nothing was rolled back, and rebuilds the INVALID index on the next run', async () => {
    const d = await db()
    await migrate(d.url, await writeMigrationFolder([table]))
    const writer = await openWriter(d.url)
    const { log, lines } = capturingLogger()
    try {
      const err = await migrate(d.url, await writeMigrationFolder([table, index(false)]), {
        env: { MIGRATION_LOCK_TIMEOUT: '200', MIGRATION_LOCK_RETRIES: '1' },
        log,
      }).catch((e: unknown) => e)
      expect(err).toMatchObject({
        code: 'MIGRATE_FAILED',
        details: {
          sqlState: '55P03',
          blockers: [expect.objectContaining({ pid: writer.pid, applicationName: 'traffic' })],
        },
      })
      const blockerLine = lines.find((l) => Array.isArray(l.blockers))
      expect(blockerLine?.blockers).toEqual([
        expect.objectContaining({
          pid: writer.pid,
          applicationName: 'traffic',
          state: 'idle in transaction',
          transactionAgeMs: expect.any(Number),
          queryStart: expect.any(String),
          locks: 'RowExclusiveLock',
        }),
      ])
      const retry = lines.find((l) => String(l.msg).includes('retrying'))
      expect(retry?.msg).not.toContain('rolled back')
      expect(retry?.msg).toContain('outside a transaction')
      // The same writer blocks the drop too; the next run drops and rebuilds it.
      expect((err as Error).message).toContain('the next run drops and rebuilds it')
    } finally {
      await writer.close()
    }
    const result = await migrate(d.url, await writeMigrationFolder([table, index(false)]))
    expect(result.applied.map((a) => a.migration)).toEqual(['0001_idx'])
    expect(await indexes(d.url)).toEqual([{ name: 't_id_idx', valid: true }])
  })

  it('rebuilds an INVALID index a killed run left instead of letting IF NOT EXISTS skip it', async () => {
    const d = await db()
    await migrate(d.url, await writeMigrationFolder([table]))
    await leaveInvalidIndex(d.url)
    expect(await indexes(d.url)).toEqual([{ name: 't_id_idx', valid: false }])
    const result = await migrate(d.url, await writeMigrationFolder([table, index(true)]))
    expect(result.applied.map((a) => a.migration)).toEqual(['0001_idx'])
    expect(await indexes(d.url)).toEqual([{ name: 't_id_idx', valid: true }])
  })

  it('is reported by verify and status, and the service starts with an SVC_DB_INDEX_INVALID warning', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([table])
    await migrate(d.url, folder)
    await leaveInvalidIndex(d.url)
    const bundle = await readMigrationBundle(folder)
    const sql = connect(d.url)
    try {
      expect(await verifyDatabase(sql, bundle, { service: 't', strict: false })).toMatchObject({
        invalidIndexes: ['public.t_id_idx'],
      })
      const status = describeStatus('t', bundle, await readDatabaseState(sql))
      expect(status.invalidIndexes).toEqual(['public.t_id_idx'])
      expect(formatStatus(status)).toContain('INVALID index public.t_id_idx')
    } finally {
      await sql.end()
    }
    const svc = await startServiceProcess({
      cwd: here,
      entry: 'fixtures/example-service.mjs',
      env: { DATABASE_URL: d.url, MIGRATIONS_DIR: folder, LOG_LEVEL: 'info' },
    })
    try {
      const warning = svc.output.map((l) => JSON.parse(l)).find((l) => l.code === 'SVC_DB_INDEX_INVALID')
      expect(warning).toMatchObject({ level: 40, invalidIndexes: ['public.t_id_idx'] })
    } finally {
      await svc.stop('SIGTERM', 10_000)
    }
  })
})
