import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startEmbeddedPostgres, writeMigrationFolder } from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { alive, portArgs, processesMentioning, startLauncher } from './launcher-process.js'

// Migrations as a person edits them during development, through the launcher's own commands.

let tmp: string
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bakery-dev-migrations-'))
  await chmod(tmp, 0o755)
})
afterAll(async () => {
  for (const pid of alive(processesMentioning(tmp))) process.kill(pid, 'SIGKILL')
  await rm(tmp, { recursive: true, force: true })
})

async function run(args: string[], env: Record<string, string> = {}) {
  const launcher = startLauncher(args, env)
  const exit = await launcher.exited
  return { code: exit.code, text: launcher.output.join('\n') }
}

describe('migrations edited in development', () => {
  it('re-applies a migration edited after the dev loop applied it while git does not hold it, saying so', async () => {
    const folder = await writeMigrationFolder(
      [{ tag: '0000_work_in_progress', sql: 'CREATE TABLE wip (id int);' }],
      join(tmp, 'wip-migrations'),
    )
    const dataDir = join(tmp, 'wip')
    const args = ['db:migrate', '--data-dir', dataDir, '--pg-port', String(await freePort())]
    const env = { MIGRATIONS_DIR: folder }
    const first = await run(args, env)
    expect(first.code, first.text).toBe(0)

    // The person finishes the migration they had started.
    await writeFile(join(folder, '0000_work_in_progress.sql'), 'CREATE TABLE wip (id int, name text);')
    const second = await run(args, env)
    expect(second.code, second.text).toBe(0)
    expect(second.text).toMatch(
      /orders: 0000_work_in_progress changed after it was applied and is not committed yet: re-creating the orders database/,
    )
  }, 120_000)

  it('db:reset <service> empties that service only, and --reset names what it deletes', async () => {
    const dataDir = join(tmp, 'reset')
    const pgPort = await freePort()
    const base = ['--data-dir', dataDir, '--pg-port', String(pgPort)]
    const migrated = await run(['db:migrate', ...base])
    expect(migrated.code, migrated.text).toBe(0)
    // Data in every database, written while no launcher runs (db:migrate stopped its server).
    await withServer(dataDir, pgPort, async (sql) => {
      for (const db of ['external', 'orders', 'inventory'])
        await sql(db).unsafe('CREATE TABLE marker (x int)')
    })

    const reset = await run(['db:reset', 'orders', ...base])
    expect(reset.code, reset.text).toBe(0)
    expect(reset.text).toContain('db:reset orders: deleting the orders database')
    expect(reset.text).toContain('the other services were not touched')
    await withServer(dataDir, pgPort, async (sql) => {
      const has = async (db: string) =>
        (await sql(db)`SELECT to_regclass('public.marker') IS NOT NULL AS present`)[0]?.present
      expect(await has('orders')).toBe(false)
      expect(await has('external')).toBe(true)
      expect(await has('inventory')).toBe(true)
      // ...and orders is migrated again.
      expect(
        (await sql('orders')`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`)[0]?.n,
      ).toBeGreaterThan(0)
    })

    const { args } = await portArgs()
    const launcher = startLauncher(['--reset', '--no-watch', '--data-dir', dataDir, ...args])
    await launcher.waitFor(/--reset: deleting/, 30_000).finally(() => launcher.child.kill('SIGKILL'))
    expect(launcher.output.join('\n')).toMatch(
      /--reset: deleting the embedded server's data in .*: every service's database \(external, orders, inventory\)/,
    )
    await launcher.exited
  }, 180_000)
})

/** The launcher's embedded server, started on its data for a moment; `sql(db)` connects as superuser. */
async function withServer(
  dataDir: string,
  port: number,
  work: (sql: (db: string) => postgres.Sql) => Promise<void>,
) {
  const server = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port })
  const open: postgres.Sql[] = []
  try {
    await work((db) => {
      const url = new URL(server.adminUrl)
      url.pathname = `/${db}`
      const sql = postgres(url.toString(), { max: 1, onnotice: () => {} })
      open.push(sql)
      return sql
    })
  } finally {
    await Promise.all(open.map((s) => s.end()))
    await server.stop()
  }
}
