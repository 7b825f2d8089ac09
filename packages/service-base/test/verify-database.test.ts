import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import postgres from 'postgres'
import { beforeAll, describe, expect, it } from 'vitest'
import { readMigrationBundle } from '../src/migrations/migration-bundle.js'
import { verifyDatabase } from '../src/migrations/verify-database.js'
import { syntheticMigrations, writeMigrationFolder } from '../src/testing/migration-folder.js'
import { connect, databasePerTest, migrate } from './helpers.js'

const db = databasePerTest()

const items = { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY);' }
const more = { tag: '0001_more', sql: 'CREATE TABLE more (id serial PRIMARY KEY);' }
const specs = [items, more]

async function verify(url: string, folder: string, strict = false) {
  const sql = connect(url)
  try {
    return await verifyDatabase(sql, await readMigrationBundle(folder), { service: 'orders', strict })
  } finally {
    await sql.end()
  }
}

describe('verifyDatabase', () => {
  let folder: string
  beforeAll(async () => {
    folder = await writeMigrationFolder(specs)
  })

  it('fails with SVC_DB_EMPTY on a database with no tables, saying what to run', async () => {
    const d = await db()
    await expect(verify(d.url, folder)).rejects.toMatchObject({
      code: 'SVC_DB_EMPTY',
      message: expect.stringMatching(
        /has no tables.*Run the orders migration Job \(`node dist\/migrate\.js`/,
      ),
    })
  })

  it('fails with SVC_DB_MIGRATIONS_TABLE_MISSING when tables exist without drizzle bookkeeping', async () => {
    const d = await db()
    const sql = connect(d.url)
    await sql`CREATE TABLE made_by_hand (id int)`
    await sql.end()
    await expect(verify(d.url, folder)).rejects.toMatchObject({ code: 'SVC_DB_MIGRATIONS_TABLE_MISSING' })
  })

  it('lists every pending migration', async () => {
    const d = await db()
    await migrate(d.url, await writeMigrationFolder([items]))
    await expect(verify(d.url, folder)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATIONS_PENDING',
      details: { pending: ['0001_more'] },
      message: expect.stringContaining('0001_more'),
    })
  })

  it('detects drift: an applied migration whose file changed', async () => {
    const d = await db()
    const edited = await writeMigrationFolder(specs)
    await migrate(d.url, edited)
    await writeFile(join(edited, '0001_more.sql'), 'CREATE TABLE more (id bigserial PRIMARY KEY);')
    await expect(verify(d.url, edited)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATION_DRIFT',
      details: { drifted: ['0001_more'] },
    })
  })

  it('detects a bundled migration missing while later ones are applied', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const gap = await writeMigrationFolder([
      items,
      { tag: '0001_gap', when: 1_700_000_000_500, sql: 'SELECT 1;' },
      { ...more, when: 1_700_000_001_000 },
    ])
    await expect(verify(d.url, gap)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATION_OUT_OF_ORDER',
      details: { outOfOrder: ['0001_gap'] },
    })
  })

  it('starts with a warning when the database is ahead of the code, and refuses when strict', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const older = await writeMigrationFolder([items])
    const result = await verify(d.url, older)
    expect(result.ahead).toHaveLength(1)
    expect(result.warnings[0]).toMatch(/ahead of the code/)
    await expect(verify(d.url, older, true)).rejects.toMatchObject({ code: 'SVC_DB_AHEAD' })
  })

  it('reports what the seeds describe on success', async () => {
    const d = await db()
    await migrate(d.url, folder)
    expect(await verify(d.url, folder)).toMatchObject({
      action: 'verified',
      currentRevision: '0001_more',
      migrationCount: 2,
      tableCount: 2,
      ahead: [],
    })
  })

  // Verification reads journal rows, not tables: migrations that create nothing make the same 300 rows
  // at a fraction of the cost (300 tables and indexes outran the test timeout under CI load).
  it('costs one SQL statement, with 3 or with 300 migrations', { timeout: 120_000 }, async () => {
    const counts: number[] = []
    for (const n of [3, 300]) {
      const d = await db()
      const many = await writeMigrationFolder(
        syntheticMigrations(n).map(({ tag }) => ({ tag, sql: `COMMENT ON SCHEMA public IS '${tag}';` })),
      )
      await migrate(d.url, many)
      const bundle = await readMigrationBundle(many)
      let statements = 0
      const sql = postgres(d.url, { max: 1, fetch_types: false, debug: () => void statements++ })
      try {
        await sql`SELECT 1` // open the connection first, so only verification is counted
        statements = 0
        await verifyDatabase(sql, bundle, { service: 'orders', strict: false })
      } finally {
        await sql.end()
      }
      counts.push(statements)
    }
    expect(counts).toEqual([1, 1])
  })
})
