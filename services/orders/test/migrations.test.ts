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
import { migrationsFolder, serviceDir } from './test-app.js'

const run = promisify(execFile)
const drizzleKit = join(serviceDir, 'node_modules/.bin/drizzle-kit')
let tmp: string
const databases: TestDatabase[] = []

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'orders-migrations-'))
})
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()))
  await rm(tmp, { recursive: true, force: true })
})

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('postgresAdminUrl'), 'orders_mig')
  databases.push(db)
  return db
}

/** A copy of drizzle/ whose journal stops after the first `count` migrations: an older release. */
async function migrationsUpTo(count: number): Promise<string> {
  const dir = join(tmp, `first-${count}`)
  await cp(migrationsFolder, dir, { recursive: true })
  const journalPath = join(dir, 'meta/_journal.json')
  const journal = JSON.parse(await readFile(journalPath, 'utf8'))
  for (const entry of journal.entries.slice(count)) await rm(join(dir, `${entry.tag}.sql`))
  journal.entries = journal.entries.slice(0, count)
  await writeFile(journalPath, JSON.stringify(journal))
  return dir
}

describe('migrations', () => {
  it('apply in order to an empty database with the real runner', async () => {
    const db = await freshDatabase()
    const result = await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder })
    expect(result.applied.map((m) => m.migration)).toEqual([
      '0000_initial',
      '0001_add_order_delivery_date_and_notes',
    ])
    const again = await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder })
    expect(again.applied).toEqual([])
  })

  it('0001 only expands: rows and writers of the previous release keep working', async () => {
    const db = await freshDatabase()
    await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder: await migrationsUpTo(1) })
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    try {
      // What the previous release writes: it knows nothing of delivery_date and notes.
      const oldWrite = (customerId: string) =>
        sql`INSERT INTO orders (customer_id, total) VALUES (${customerId}, 4.20) RETURNING id`
      const [customer] = await sql`INSERT INTO customers (name) VALUES ('Old release') RETURNING id`
      const [before] = await oldWrite(customer?.id)

      const result = await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder })
      expect(result.applied.map((m) => m.migration)).toEqual(['0001_add_order_delivery_date_and_notes'])

      const [after] = await oldWrite(customer?.id)
      const rows = await sql`SELECT delivery_date, notes FROM orders ORDER BY created_at`
      expect(rows).toEqual([
        { delivery_date: null, notes: null },
        { delivery_date: null, notes: null },
      ])
      const app = await buildApp(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }))
      try {
        for (const id of [before?.id, after?.id]) {
          const res = await app.inject({ method: 'GET', url: `/api/v1/orders/${id}` })
          expect(res.statusCode).toBe(200)
          expect(res.json()).toMatchObject({ total: '4.20', deliveryDate: null, notes: null, lines: [] })
        }
      } finally {
        await app.close()
      }
    } finally {
      await sql.end()
    }
  })

  it('match the drizzle schema: generate finds no changes and check passes', async () => {
    const copy = join(tmp, 'generate-check')
    await cp(migrationsFolder, copy, { recursive: true })
    // drizzle-kit prefixes "./" to --out, so it must be relative to the service directory.
    const out = relative(serviceDir, copy)
    const generate = await run(
      drizzleKit,
      ['generate', '--dialect', 'postgresql', '--schema', './src/db/schema.ts', '--out', out],
      { cwd: serviceDir },
    )
    expect(generate.stdout).toContain('No schema changes')
    expect(await readdir(copy)).toEqual(await readdir(migrationsFolder))
    const check = await run(drizzleKit, ['check', '--dialect', 'postgresql', '--out', out], {
      cwd: serviceDir,
    })
    expect(check.stdout).toContain("Everything's fine")
  })
})
