import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { runNode } from '../src/testing/service-process.js'
import { appliedHashes, connect, databasePerTest, migrate, tableNames } from './helpers.js'

const db = databasePerTest()
const here = fileURLToPath(new URL('.', import.meta.url))
const cli = (folder: string, args: string[], url: string) =>
  runNode(here, ['fixtures/migrate-cli.mjs', folder, ...args], { DATABASE_URL: url, LOG_LEVEL: 'warn' })

const items = { tag: '0000_items', sql: 'CREATE TABLE items (\n  id serial PRIMARY KEY\n);\n' }
const price = { tag: '0001_price', sql: 'ALTER TABLE items ADD COLUMN price numeric;' }
const extra = { tag: '0002_extra', sql: 'CREATE TABLE extra (id int);' }

describe('repair, resolve, baseline (migrate CLI)', () => {
  it('repair re-records the hash of an applied migration edited on purpose, printing old and new', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([items, price])
    await migrate(d.url, folder)
    await writeFile(
      join(folder, '0001_price.sql'),
      '-- reviewed: comment added after apply\nALTER TABLE items ADD COLUMN price numeric;',
    )
    expect((await cli(folder, ['verify'], d.url)).code).toBe(4)
    const run = await cli(folder, ['repair'], d.url)
    expect(run.code).toBe(0)
    const out = run.output.join('\n')
    expect(out).toMatch(/rehashed 0001_price \(created_at 1700000001000\): [0-9a-f]{64} -> [0-9a-f]{64}/)
    expect(out).toContain('repair: 1 row(s) of drizzle.__drizzle_migrations changed')
    expect((await cli(folder, ['verify'], d.url)).code).toBe(0)
    expect((await cli(folder, ['repair'], d.url)).output.join('\n')).toContain('repair: nothing to change')
  })

  it('resolve --applied records a migration done by hand, so apply then runs only the rest', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([items, price, extra])
    await migrate(d.url, await writeMigrationFolder([items]))
    const sql = connect(d.url)
    try {
      await sql`ALTER TABLE items ADD COLUMN price numeric`
      const run = await cli(folder, ['resolve', '--applied', '0001_price'], d.url)
      expect(run.code).toBe(0)
      expect(run.output.join('\n')).toContain('recorded 0001_price as applied (created_at 1700000001000')
      expect((await migrate(d.url, folder)).applied.map((a) => a.migration)).toEqual(['0002_extra'])
      expect(await appliedHashes(sql)).toHaveLength(3)
    } finally {
      await sql.end()
    }
    expect((await cli(folder, ['resolve', '--applied', '0001_price'], d.url)).code).toBe(10)
    expect((await cli(folder, ['resolve', '--applied', '0009_nope'], d.url)).code).toBe(2)
    expect((await cli(folder, ['resolve'], d.url)).code).toBe(2)
  })

  it('baseline --to adopts a database with the schema but no journal, and refuses one with a journal', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([items, price, extra])
    expect((await cli(folder, ['baseline', '--to', '0001_price'], d.url)).code).toBe(10)
    const sql = connect(d.url)
    try {
      await sql`CREATE TABLE items (id serial PRIMARY KEY, price numeric)`
      const run = await cli(folder, ['baseline', '--to', '0001_price'], d.url)
      expect(run.code).toBe(0)
      expect(run.output.join('\n')).toContain('baseline: 2 row(s) of drizzle.__drizzle_migrations changed')
      expect((await migrate(d.url, folder)).applied.map((a) => a.migration)).toEqual(['0002_extra'])
      expect(await tableNames(sql)).toEqual(['extra', 'items'])
    } finally {
      await sql.end()
    }
    const again = await cli(folder, ['baseline', '--to', '0001_price'], d.url)
    expect(again.code).toBe(10)
    expect(again.output.join('\n')).toContain('MIGRATE_HISTORY_EDIT_REFUSED')
  })
})

describe('drift that is only line endings or a BOM', () => {
  it.each([
    ['CRLF', (t: string) => t.replaceAll('\n', '\r\n'), 'differs only by line endings: the file has CRLF'],
    ['a BOM', (t: string) => `\uFEFF${t}`, 'differs only by BOM'],
    [
      'CRLF and a BOM',
      (t: string) => `\uFEFF${t.replaceAll('\n', '\r\n')}`,
      'differs only by line endings and BOM',
    ],
  ])('says so when the checkout has %s', async (_, transform, message) => {
    const d = await db()
    const folder = await writeMigrationFolder([items])
    await migrate(d.url, folder)
    const file = join(folder, '0000_items.sql')
    await writeFile(file, transform(await readFile(file, 'utf8')))
    await expect(migrate(d.url, folder)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATION_DRIFT',
      message: expect.stringContaining(message),
    })
  })

  it('does not claim it for a real edit', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([items])
    await migrate(d.url, folder)
    await writeFile(join(folder, '0000_items.sql'), 'CREATE TABLE items (id bigserial PRIMARY KEY);\r\n')
    const err = (await migrate(d.url, folder).catch((e: unknown) => e)) as Error
    expect(err.message).not.toContain('differs only')
  })
})
