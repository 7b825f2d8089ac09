import { fileURLToPath } from 'node:url'
import {
  checkSchemaMatchesMigrations,
  createMigrationWorkspace,
  migrateTestDatabase,
  runDrizzleKit,
} from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { migrationsFolder } from '../src/service-definition.js'

const serviceDir = fileURLToPath(new URL('..', import.meta.url))

const workspace = createMigrationWorkspace({
  adminUrl: inject('postgresAdminUrl'),
  prefix: 'external_mig',
  migrationsFolder,
})
afterAll(() => workspace.close())

async function freshDatabase(): Promise<{ url: string; sql: postgres.Sql }> {
  const db = await workspace.createDatabase()
  return { url: db.url, sql: postgres(db.url, { max: 1, onnotice: () => {} }) }
}

describe('migrations', () => {
  it('apply to an empty database with the real runner', async () => {
    const { url, sql } = await freshDatabase()
    try {
      const result = await migrateTestDatabase({ url, service: 'external', migrationsFolder })
      expect(result.applied.map((m) => m.migration)).toEqual([
        '0000_initial_schema',
        '0001_add_weather_source',
        '0002_add_idempotency_keys',
      ])
      const tables =
        await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`
      expect(tables.map((t) => t.table_name)).toEqual([
        'calendar_events',
        'idempotency_keys',
        'locations',
        'traffic_hours',
        'weather_days',
      ])
      const [source] = await sql`
        SELECT is_nullable, column_default FROM information_schema.columns
        WHERE table_name = 'weather_days' AND column_name = 'source'`
      expect(source).toEqual({ is_nullable: 'YES', column_default: null })
    } finally {
      await sql.end()
    }
  })

  it('0001 is expand-only: rows and writers of the previous release keep working', async () => {
    // The previous release: a copy of drizzle/ whose journal stops at 0000.
    const previous = await workspace.copyMigrationsUpTo(1)

    const { url, sql } = await freshDatabase()
    try {
      await migrateTestDatabase({ url, service: 'external', migrationsFolder: previous })
      const [location] = await sql`
        INSERT INTO locations (name, city, region, latitude, longitude, timezone)
        VALUES ('Centro', 'Madrid', 'ES-MD', 40.4, -3.7, 'Europe/Madrid') RETURNING id`
      // What the previous release writes: no `source` column named.
      const oldInsert = (date: string) => sql`
        INSERT INTO weather_days (location_id, date, kind, temp_min_c, temp_max_c)
        VALUES (${location?.id}, ${date}, 'observation', 8, 19)`
      await oldInsert('2024-05-01')

      const result = await migrateTestDatabase({
        url,
        service: 'external',
        migrationsFolder: await workspace.copyMigrationsUpTo(2),
      })
      expect(result.applied.map((m) => m.migration)).toEqual(['0001_add_weather_source'])

      await oldInsert('2024-05-02') // an old pod still serving during the rollout
      const rows = await sql`SELECT date::text, temp_max_c::text AS t, source FROM weather_days ORDER BY date`
      expect(rows).toEqual([
        { date: '2024-05-01', t: '19.00', source: null },
        { date: '2024-05-02', t: '19.00', source: null },
      ])
    } finally {
      await sql.end()
    }
  })

  it('match the drizzle schema: generating again finds no changes', async () => {
    const { generateOutput, files } = await checkSchemaMatchesMigrations({ serviceDir })
    expect(generateOutput).toMatch(/No schema changes/)
    expect(files.filter((f) => f.endsWith('.sql')).sort()).toEqual([
      '0000_initial_schema.sql',
      '0001_add_weather_source.sql',
      '0002_add_idempotency_keys.sql',
    ])
  })

  it('pass drizzle-kit check (no conflicting snapshots)', async () => {
    const stdout = await runDrizzleKit(serviceDir, ['check', '--dialect', 'postgresql', '--out', './drizzle'])
    expect(stdout).toMatch(/Everything's fine/)
  })
})
