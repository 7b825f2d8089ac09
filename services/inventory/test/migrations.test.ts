import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { createTestDatabase, migrateTestDatabase, type TestDatabase } from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { migrationsFolder, serviceDir } from './helpers.js'

const run = promisify(execFile)
const drizzleKit = join(serviceDir, 'node_modules/.bin/drizzle-kit')
let scratch: string
const databases: TestDatabase[] = []

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'inventory-migrations-'))
})
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()))
  await rm(scratch, { recursive: true, force: true })
})

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('postgresAdminUrl'), 'inventory_mig')
  databases.push(db)
  return db
}

/** A copy of drizzle/ whose journal stops after `count` migrations: what an older release shipped. */
async function olderRelease(count: number): Promise<string> {
  const folder = join(scratch, `release-${count}`)
  await cp(migrationsFolder, folder, { recursive: true })
  const journalFile = join(folder, 'meta/_journal.json')
  const journal = JSON.parse(await readFile(journalFile, 'utf8'))
  journal.entries = journal.entries.slice(0, count)
  await writeFile(journalFile, JSON.stringify(journal))
  return folder
}

describe('migrations', () => {
  it('apply to an empty database with the real runner', async () => {
    const db = await freshDatabase()
    const result = await migrateTestDatabase({ url: db.url, service: 'inventory', migrationsFolder })
    expect(result.applied.map((m) => m.migration)).toEqual([
      '0000_initial',
      '0001_append_only_movements',
      '0002_add_reorder_quantity',
    ])
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    try {
      const tables = await sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`
      expect(tables.map((t) => t.tablename)).toEqual(['ingredients', 'stock_levels', 'stock_movements'])
      const [column] = await sql`
        SELECT is_nullable, column_default FROM information_schema.columns
        WHERE table_name = 'ingredients' AND column_name = 'reorder_quantity'`
      expect(column).toEqual({ is_nullable: 'YES', column_default: null })
      // Applying again is a no-op.
      const again = await migrateTestDatabase({ url: db.url, service: 'inventory', migrationsFolder })
      expect(again.applied).toHaveLength(0)
    } finally {
      await sql.end()
    }
  })

  it('0002 is expand-only: the previous release keeps writing, and its rows read back with null', async () => {
    const db = await freshDatabase()
    await migrateTestDatabase({ url: db.url, service: 'inventory', migrationsFolder: await olderRelease(2) })
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    // The previous release's insert, which knows nothing of reorder_quantity.
    const insertAsOldRelease = (name: string) => sql`
      WITH i AS (INSERT INTO ingredients (name, unit, reorder_point) VALUES (${name}, 'kg', 2) RETURNING id)
      INSERT INTO stock_levels (ingredient_id) SELECT id FROM i RETURNING ingredient_id`
    try {
      const [before] = await insertAsOldRelease('Written before 0002')
      await migrateTestDatabase({ url: db.url, service: 'inventory', migrationsFolder })
      // Old pods still run during the rollout: their writes must keep working after the expand.
      await expect(insertAsOldRelease('Written by an old pod after 0002')).resolves.toHaveLength(1)

      const app = await buildApp(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }))
      try {
        const res = await app.inject({ method: 'GET', url: `/api/v1/ingredients/${before?.ingredient_id}` })
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({
          name: 'Written before 0002',
          reorderQuantity: null,
          stock: '0.000',
        })
      } finally {
        await app.close()
      }
    } finally {
      await sql.end()
    }
  })

  it('match the drizzle schema: generate finds no changes and check passes', async () => {
    const copy = join(scratch, 'generate-check')
    await cp(migrationsFolder, copy, { recursive: true })
    // drizzle-kit prefixes "./" to --out, so it must be relative to the working directory.
    const out = relative(serviceDir, copy)
    const generated = await run(
      drizzleKit,
      ['generate', '--dialect', 'postgresql', '--schema', './src/db/schema.ts', '--out', out],
      { cwd: serviceDir, timeout: 30_000 },
    )
    expect(generated.stdout).toContain('No schema changes')
    expect(await readdir(copy)).toEqual(await readdir(migrationsFolder))
    expect(await readdir(join(copy, 'meta'))).toEqual(await readdir(join(migrationsFolder, 'meta')))

    const checked = await run(drizzleKit, ['check', '--dialect', 'postgresql', '--out', out], {
      cwd: serviceDir,
      timeout: 30_000,
    })
    expect(checked.stdout).toContain("Everything's fine")
  })
})
