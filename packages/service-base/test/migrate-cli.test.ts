import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../src/testing/embedded-postgres.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { runNode } from '../src/testing/service-process.js'
import { startMigrateCli } from './cli-process.js'
import { appliedHashes, connect, databasePerTest, tableNames } from './helpers.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const cli = (folder: string, args: string[], env: Record<string, string>, timeoutMs?: number) =>
  runNode(here, ['fixtures/migrate-cli.mjs', folder, ...args], { LOG_LEVEL: 'info', ...env }, timeoutMs)

// Every test makes its own database: none depends on what another one left behind.
const db = databasePerTest()

describe('migrate CLI (dist/migrate.js as a process)', () => {
  let folder: string
  beforeAll(async () => {
    if (!existsSync(fileURLToPath(new URL('../dist/migrate.js', import.meta.url)))) {
      throw new Error('dist/ is missing: run `pnpm --filter @bakery/service-base build` first')
    }
    folder = await writeMigrationFolder([
      { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY);' },
      { tag: '0001_more', sql: 'CREATE TABLE more (id serial PRIMARY KEY);' },
    ])
  })

  it('verify exits 3 on an empty database with one structured line naming the code', async () => {
    const d = await db()
    const run = await cli(folder, ['verify'], { DATABASE_URL: d.url })
    expect(run.code).toBe(3)
    const line = JSON.parse(run.output.find((l) => l.includes('SVC_DB_EMPTY')) ?? '{}')
    expect(line).toMatchObject({
      level: 50,
      code: 'SVC_DB_EMPTY',
      msg: expect.stringContaining('migrate.js'),
    })
  })

  it('status shows every migration pending before the first run', async () => {
    const d = await db()
    const run = await cli(folder, ['status', '--json'], { DATABASE_URL: d.url })
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout)
    expect(report.counts).toMatchObject({ applied: 0, pending: 2 })
    expect(report.hasMigrationsTable).toBe(false)
  })

  it('wait exits 3 when nothing migrates before its deadline', async () => {
    const d = await db()
    const started = Date.now()
    const run = await cli(folder, ['wait', '--timeout', '1', '--interval', '0.2'], { DATABASE_URL: d.url })
    expect(run.code).toBe(3)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(run.output.join('\n')).toContain('MIGRATE_WAIT_TIMEOUT')
  })

  it('wait keeps polling an unmigrated database and returns once a concurrent Job has migrated it', async () => {
    const d = await db()
    const waiting = startMigrateCli(folder, ['wait', '--timeout', '60', '--interval', '0.2'], {
      DATABASE_URL: d.url,
    })
    try {
      // The pod's init container has seen the empty database and is waiting: only now does the Job run.
      const seen = await waiting.waitForLog((l) => l.code === 'SVC_DB_EMPTY')
      expect(seen.msg).toMatch(/^waiting: /)
      expect(waiting.logs.some((l) => String(l.msg).includes('database ready'))).toBe(false)
      const job = await cli(folder, [], { DATABASE_URL: d.url })
      expect(job.code).toBe(0)
      const waited = await waiting.exited
      expect(waited.code).toBe(0)
      const messages = waiting.logs.map((l) => String(l.msg))
      expect(messages.at(-1)).toContain('database ready')
    } finally {
      waiting.kill()
    }
  })

  it('status prints a table, verify exits 0 once migrated', async () => {
    const d = await db()
    expect((await cli(folder, [], { DATABASE_URL: d.url })).code).toBe(0)
    const status = await cli(folder, ['status'], { DATABASE_URL: d.url })
    expect(status.output.join('\n')).toMatch(/0001_more\s+applied/)
    expect((await cli(folder, ['verify'], { DATABASE_URL: d.url })).code).toBe(0)
  })

  it('logs at LOG_LEVEL: the Job says what it applied at info, nothing at warn; a usage error is logged too', async () => {
    const levels = (output: string[]) =>
      output
        .filter((l) => l.startsWith('{"level"'))
        .map((l) => JSON.parse(l) as { level: number; msg: string })
    const quiet = await cli(folder, [], { DATABASE_URL: (await db()).url, LOG_LEVEL: 'warn' })
    expect(quiet.code).toBe(0)
    expect(levels(quiet.output)).toEqual([])
    const told = await cli(folder, [], { DATABASE_URL: (await db()).url, LOG_LEVEL: 'info' })
    expect(levels(told.output).map((l) => l.msg)).toContain('migration job completed')
    // Before the configuration is read, the failure still gets its structured line.
    const usage = await cli(folder, ['upgrade'], {
      DATABASE_URL: 'postgres://u@127.0.0.1/x',
      LOG_LEVEL: 'warn',
    })
    expect(levels(usage.output)).toEqual([expect.objectContaining({ level: 50, code: 'MIGRATE_USAGE' })])
  })

  it('exits 2 on an unknown command, 9 on bad config without echoing the secret', async () => {
    expect((await cli(folder, ['upgrade'], { DATABASE_URL: 'postgres://u@127.0.0.1/x' })).code).toBe(2)
    const bad = await cli(folder, [], {
      DATABASE_URL: 'mysql://u:s3cret-pw@h/db',
      DB_CONNECT_TIMEOUT: 'soon',
    })
    expect(bad.code).toBe(9)
    const text = bad.output.join('\n')
    expect(text).toContain('DATABASE_URL must be a postgres://')
    expect(text).toContain('DB_CONNECT_TIMEOUT must be a whole number')
    expect(text).not.toContain('s3cret-pw')
  })

  it('exits 6 when the database stays unreachable past DB_CONNECT_TIMEOUT, without the password', async () => {
    const port = await freePort()
    const started = Date.now()
    const run = await cli(folder, [], {
      DATABASE_URL: `postgres://u:s3cret-pw@127.0.0.1:${port}/x`,
      DB_CONNECT_TIMEOUT: '2',
    })
    const elapsed = Date.now() - started
    expect(run.code).toBe(6)
    expect(elapsed).toBeGreaterThanOrEqual(2000)
    expect(elapsed).toBeLessThan(10_000)
    expect(run.output.join('\n')).toContain('SVC_DB_UNREACHABLE')
    expect(run.output.join('\n')).not.toContain('s3cret-pw')
  })

  it('a run killed mid-migration leaves no lock and no partial migration; the next run converges', async () => {
    const k = await db()
    const slow = await writeMigrationFolder([
      { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY);' },
      { tag: '0001_slow', sql: 'CREATE TABLE slow (id int);\n--> statement-breakpoint\nSELECT pg_sleep(2);' },
    ])
    const sql = connect(k.url)
    try {
      const child = spawn(process.execPath, ['fixtures/migrate-cli.mjs', slow], {
        cwd: here,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: k.url, LOG_LEVEL: 'warn' },
        stdio: 'ignore',
      })
      const exited = new Promise((resolve) => child.once('exit', resolve))
      // Wait until the slow statement runs, then kill the process outright: no cleanup code runs.
      for (let i = 0; i < 200; i++) {
        const [row] =
          await sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(2)%'`
        if (row?.n) break
        await sleep(25)
      }
      child.kill('SIGKILL')
      await exited
      const locks = async () =>
        (await sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`)[0]?.n as number
      for (let i = 0; i < 100 && (await locks()) > 0; i++) await sleep(50)
      expect(await locks()).toBe(0)
      expect(await tableNames(sql)).toEqual(['items'])
      const again = await cli(slow, [], { DATABASE_URL: k.url })
      expect(again.code).toBe(0)
      expect(await tableNames(sql)).toEqual(['items', 'slow'])
      expect(await appliedHashes(sql)).toHaveLength(2)
    } finally {
      await sql.end()
    }
  })
})
