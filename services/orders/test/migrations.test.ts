import { readdir } from 'node:fs/promises'
import {
  checkSchemaMatchesMigrations,
  createMigrationWorkspace,
  migrateTestDatabase,
} from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { migrationsFolder, serviceDir } from './test-app.js'

const workspace = createMigrationWorkspace({
  adminUrl: inject('postgresAdminUrl'),
  prefix: 'orders_mig',
  migrationsFolder,
})
afterAll(() => workspace.close())

describe('migrations', () => {
  it('apply in order to an empty database with the real runner', async () => {
    const db = await workspace.createDatabase()
    const result = await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder })
    expect(result.applied.map((m) => m.migration)).toEqual([
      '0000_initial',
      '0001_add_order_delivery_date_and_notes',
      '0002_add_idempotency_key_expiry',
    ])
    const again = await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder })
    expect(again.applied).toEqual([])
  })

  it('0001 only expands: rows and writers of the previous release keep working', async () => {
    const db = await workspace.createDatabase()
    await migrateTestDatabase({
      url: db.url,
      service: 'orders',
      migrationsFolder: await workspace.copyMigrationsUpTo(1),
    })
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    try {
      // What the previous release writes: it knows nothing of delivery_date and notes.
      const oldWrite = (customerId: string) =>
        sql`INSERT INTO orders (customer_id, total) VALUES (${customerId}, 4.20) RETURNING id`
      const [customer] = await sql`INSERT INTO customers (name) VALUES ('Old release') RETURNING id`
      const [before] = await oldWrite(customer?.id)

      const result = await migrateTestDatabase({
        url: db.url,
        service: 'orders',
        migrationsFolder: await workspace.copyMigrationsUpTo(2),
      })
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

  it('0002 only expands: an index is added, the keys already stored stay', async () => {
    const db = await workspace.createDatabase()
    await migrateTestDatabase({
      url: db.url,
      service: 'orders',
      migrationsFolder: await workspace.copyMigrationsUpTo(2),
    })
    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    try {
      const [customer] =
        await sql`INSERT INTO customers (name) VALUES ('Old key') RETURNING id, name, email, phone, created_at`
      await sql`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body)
                VALUES ('POST /api/v1/customers', 'old-1', 'h', 201, ${sql.json({ id: customer?.id })})`
      const result = await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder })
      expect(result.applied.map((m) => m.migration)).toEqual(['0002_add_idempotency_key_expiry'])
      const [kept] = await sql`SELECT count(*)::int AS n FROM idempotency_keys`
      expect(kept?.n).toBe(1)
    } finally {
      await sql.end()
    }
  })

  it('match the drizzle schema: generate finds no changes and check passes', async () => {
    const { generateOutput, files, checkOutput } = await checkSchemaMatchesMigrations({ serviceDir })
    expect(generateOutput).toContain('No schema changes')
    expect(files).toEqual(await readdir(migrationsFolder))
    expect(checkOutput).toContain("Everything's fine")
  })
})
