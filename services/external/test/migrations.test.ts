import { execFile } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createTestDatabase, migrateTestDatabase, type TestDatabase } from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrationsFolder } from '../src/service-definition.js'

const run = promisify(execFile)
const serviceDir = fileURLToPath(new URL('..', import.meta.url))
const drizzleKit = join(serviceDir, 'node_modules/.bin/drizzle-kit')

let tmp: string
const databases: TestDatabase[] = []
async function freshDatabase(): Promise<{ url: string; sql: postgres.Sql }> {
  const db = await createTestDatabase(inject('postgresAdminUrl'), 'external_mig')
  databases.push(db)
  return { url: db.url, sql: postgres(db.url, { max: 1, onnotice: () => {} }) }
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'external-migrations-'))
})
afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()))
  await rm(tmp, { recursive: true, force: true })
})

describe('migrations', () => {
  it('apply to an empty database with the real runner', async () => {
    const { url, sql } = await freshDatabase()
    try {
      const result = await migrateTestDatabase({ url, service: 'external', migrationsFolder })
      expect(result.applied.map((m) => m.migration)).toEqual([
        '0000_initial_schema',
        '0001_add_weather_source',
      ])
      const tables =
        await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`
      expect(tables.map((t) => t.table_name)).toEqual([
        'calendar_events',
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
    const previous = join(tmp, 'previous')
    await cp(migrationsFolder, previous, { recursive: true })
    const journalPath = join(previous, 'meta/_journal.json')
    const journal = JSON.parse(await readFile(journalPath, 'utf8'))
    journal.entries = journal.entries.slice(0, 1)
    await writeFile(journalPath, JSON.stringify(journal))
    await rm(join(previous, '0001_add_weather_source.sql'))

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

      const result = await migrateTestDatabase({ url, service: 'external', migrationsFolder })
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
    const out = join(tmp, 'generated')
    await cp(migrationsFolder, out, { recursive: true })
    // drizzle-kit prefixes --out with './' and exits 0 on errors: pass a relative path, read stdout.
    const { stdout } = await run(
      drizzleKit,
      [
        'generate',
        '--dialect',
        'postgresql',
        '--schema',
        './src/db/schema.ts',
        '--out',
        relative(serviceDir, out),
      ],
      { cwd: serviceDir, timeout: 30_000 },
    )
    expect(stdout).toMatch(/No schema changes/)
    expect((await readdir(out)).filter((f) => f.endsWith('.sql')).sort()).toEqual([
      '0000_initial_schema.sql',
      '0001_add_weather_source.sql',
    ])
  })

  it('pass drizzle-kit check (no conflicting snapshots)', async () => {
    const { stdout } = await run(drizzleKit, ['check', '--dialect', 'postgresql', '--out', './drizzle'], {
      cwd: serviceDir,
      timeout: 30_000,
    })
    expect(stdout).toMatch(/Everything's fine/)
  })
})
