import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { runNode, startServiceProcess } from '../src/testing/service-process.js'
import { connect, databasePerTest, migrate, tableNames } from './helpers.js'

const here = fileURLToPath(new URL('.', import.meta.url))
let folder: string
const db = databasePerTest()
beforeAll(async () => {
  folder = await writeMigrationFolder([
    { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY, name text);' },
  ])
})

/** Starts the example service on `url` until it exits: its exit code, output and error-level lines. */
async function startOn(url: string, migrations = folder) {
  const run = await runNode(here, ['fixtures/example-service.mjs'], {
    DATABASE_URL: url,
    MIGRATIONS_DIR: migrations,
    PORT: '0',
  })
  return { ...run, fatal: run.output.map((l) => JSON.parse(l)).filter((l) => l.level >= 50) }
}

describe('BaseService process (the Deployment container)', () => {
  it('refuses to start on an empty database, with one line saying what to run, and creates nothing', async () => {
    const d = await db()
    const { code, fatal } = await startOn(d.url)
    expect(code).toBe(3)
    expect(fatal).toHaveLength(1)
    expect(fatal[0]).toMatchObject({ code: 'SVC_DB_EMPTY', msg: expect.stringContaining('migration Job') })
    const sql = connect(d.url)
    try {
      expect(await tableNames(sql)).toEqual([])
    } finally {
      await sql.end()
    }
  })

  it("refuses to start on tables without drizzle's journal, counting them", async () => {
    const d = await db()
    const sql = connect(d.url)
    try {
      await sql`CREATE TABLE items (id int); CREATE TABLE notes (id int)`.simple()
    } finally {
      await sql.end()
    }
    const { code, fatal } = await startOn(d.url)
    expect(code).toBe(3)
    expect(fatal).toMatchObject([
      {
        code: 'SVC_DB_MIGRATIONS_TABLE_MISSING',
        msg: expect.stringContaining('has 2 tables but no drizzle'),
      },
    ])
  })

  it('refuses to start when a migration is pending', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const newer = await writeMigrationFolder([
      { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY, name text);' },
      { tag: '0001_next', sql: 'ALTER TABLE items ADD COLUMN note text;' },
    ])
    const run = await startOn(d.url, newer)
    expect(run.code).toBe(3)
    expect(run.output.join('\n')).toContain('SVC_DB_MIGRATIONS_PENDING')
    expect(run.output.join('\n')).toContain('0001_next')
  })

  it('exits 9 listing every config problem at once', async () => {
    const run = await runNode(here, ['fixtures/example-service.mjs'], { PORT: 'eighty', LOG_LEVEL: 'loud' })
    expect(run.code).toBe(9)
    const text = run.output.join('\n')
    for (const key of ['DATABASE_URL', 'PORT', 'LOG_LEVEL']) expect(text).toContain(key)
  })

  it('serves once verified, and on SIGTERM turns unready, finishes in-flight requests and exits 0', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const svc = await startServiceProcess({
      cwd: here,
      entry: 'fixtures/example-service.mjs',
      env: { DATABASE_URL: d.url, MIGRATIONS_DIR: folder, SHUTDOWN_DELAY_MS: '400', LOG_LEVEL: 'info' },
    })
    const exitPromise = (async () => {
      expect((await fetch(`${svc.url}/health/live`)).status).toBe(200)
      expect(await (await fetch(`${svc.url}/health/ready`)).json()).toMatchObject({
        status: 'ready',
        revision: '0000_items',
      })
      const metrics = await (await fetch(`${svc.url}/metrics`)).text()
      expect(metrics).toMatch(/service_db_verification_duration_seconds\{service="example"\} \d/)
      expect(metrics).toMatch(/service_startup_duration_seconds\{service="example"\} \d/)
      const inFlight = fetch(`${svc.url}/api/v1/slow?ms=800`)
      await new Promise((r) => setTimeout(r, 100))
      const exit = svc.stop('SIGTERM', 10_000)
      await new Promise((r) => setTimeout(r, 100))
      const ready = await fetch(`${svc.url}/health/ready`)
      expect(ready.status).toBe(503)
      const slow = await inFlight
      expect(slow.status).toBe(200)
      return exit
    })()
    expect(await exitPromise).toEqual({ code: 0, signal: null })
    const logged = svc.output.join('\n')
    expect(logged).toContain('"action":"verified"')
    expect(logged).toContain('shutdown complete')
  })
})

describe('BaseService without migration files', () => {
  it('fails at once with SVC_DB_NO_MIGRATION_FILES, without waiting out the database retries', async () => {
    const started = Date.now()
    const run = await runNode(here, ['fixtures/example-service.mjs'], {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:9/x',
      DB_CONNECT_TIMEOUT: '30',
      MIGRATIONS_DIR: '/nonexistent/drizzle',
      PORT: '0',
    })
    expect(run.code).toBe(3)
    const output = run.output.join('\n')
    expect(output).toContain('SVC_DB_NO_MIGRATION_FILES')
    // It never tried the database: no retry was logged, and it ended long before DB_CONNECT_TIMEOUT
    // (30 s) would have (a wide bound, so a loaded machine cannot fail it).
    expect(output).not.toMatch(/retrying/i)
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
