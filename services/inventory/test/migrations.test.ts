import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import {
  checkSchemaMatchesMigrations,
  createMigrationWorkspace,
  migrateTestDatabase,
} from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { migrationsFolder, serviceDir } from './helpers.js'

const workspace = createMigrationWorkspace({
  adminUrl: inject('postgresAdminUrl'),
  prefix: 'inventory_mig',
  migrationsFolder,
})
afterAll(() => workspace.close())

describe('migrations', () => {
  it('apply to an empty database with the real runner', async () => {
    const db = await workspace.createDatabase()
    const result = await migrateTestDatabase({ url: db.url, service: 'inventory', migrationsFolder })
    expect(result.applied.map((m) => m.migration)).toEqual([
      '0000_initial',
      '0001_append_only_movements',
      '0002_add_reorder_quantity',
      '0003_add_idempotency_keys',
    ])
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    try {
      const tables = await sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`
      expect(tables.map((t) => t.tablename)).toEqual([
        'idempotency_keys',
        'ingredients',
        'stock_levels',
        'stock_movements',
      ])
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
    const db = await workspace.createDatabase()
    await migrateTestDatabase({
      url: db.url,
      service: 'inventory',
      migrationsFolder: await workspace.copyMigrationsUpTo(2),
    })
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
    const generated = await checkSchemaMatchesMigrations({ serviceDir })
    expect(generated.generateOutput).toContain('No schema changes')
    expect(generated.files).toEqual(await readdir(migrationsFolder))
    expect(generated.metaFiles).toEqual(await readdir(join(migrationsFolder, 'meta')))

    expect(generated.checkOutput).toContain("Everything's fine")
  })
})
