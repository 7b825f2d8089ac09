import {
  createTestDatabase,
  migrateTestDatabase,
  type ServiceProcess,
  startServiceProcess,
  type TestDatabase,
} from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budget } from './support/budget.js'
import { request } from './support/http.js'
import { migrationsFolder, serviceDir } from './support/services.js'

// Real processes, real sockets: two replicas of a service on one database, clients spread over both.
const CLIENTS = budget(60, 300)
let dbs: TestDatabase[] = []
let replicas: ServiceProcess[] = []

async function startReplicas(
  service: 'inventory' | 'orders',
): Promise<{ urls: string[]; sql: postgres.Sql }> {
  const db = await createTestDatabase(inject('postgresAdminUrl'), `conc_${service}`)
  dbs.push(db)
  await migrateTestDatabase({ url: db.url, service, migrationsFolder: migrationsFolder(service) })
  const started = await Promise.all(
    [0, 1].map(() =>
      startServiceProcess({ cwd: serviceDir(service), env: { DATABASE_URL: db.url, DB_POOL_MAX: '20' } }),
    ),
  )
  replicas.push(...started)
  return { urls: started.map((s) => s.url), sql: postgres(db.url, { max: 1, onnotice: () => {} }) }
}

beforeAll(() => {
  dbs = []
  replicas = []
})
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop('SIGTERM')))
  await Promise.all(dbs.map((d) => d.drop()))
})

describe('inventory consumption from many clients over HTTP', () => {
  it(`never drives stock negative and loses no movement (${CLIENTS} clients, 2 replicas)`, async () => {
    const { urls, sql } = await startReplicas('inventory')
    const api = (i: number) => `${urls[i % urls.length]}/api/v1/ingredients`
    const flour = (
      await request(api(0), {
        method: 'POST',
        json: { name: 'Contended flour', unit: 'kg', reorderPoint: '1' },
      })
    ).body
    const stock = Math.floor(CLIENTS / 3)
    expect(
      (
        await request(`${api(0)}/${flour.id}/movements`, {
          method: 'POST',
          json: { type: 'receipt', quantity: String(stock) },
        })
      ).status,
    ).toBe(201)

    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        request(
          `${api(i)}/${flour.id}/movements`,
          {
            method: 'POST',
            json: i % 5 === 0 ? { type: 'receipt', quantity: '0.5' } : { type: 'consumption', quantity: '1' },
          },
          20_000,
        ),
      ),
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([])
    const [row] = await sql<{ stock: string; ledger: string; movements: number; negatives: number }[]>`
      SELECT s.quantity::text AS stock,
             (SELECT sum(quantity)::numeric(18, 3)::text FROM stock_movements WHERE ingredient_id = s.ingredient_id) AS ledger,
             (SELECT count(*)::int FROM stock_movements WHERE ingredient_id = s.ingredient_id) AS movements,
             (SELECT count(*)::int FROM stock_movements WHERE ingredient_id = s.ingredient_id AND balance_after < 0) AS negatives
        FROM stock_levels s WHERE s.ingredient_id = ${flour.id as string}`
    await sql.end()
    expect(row?.negatives).toBe(0)
    expect(Number(row?.stock)).toBeGreaterThanOrEqual(0)
    expect(row?.ledger).toBe(row?.stock)
    // One movement per 201, plus the initial receipt: none lost, none invented.
    expect(row?.movements).toBe(statuses.filter((s) => s === 201).length + 1)
  })
})

describe('orders Idempotency-Key retried concurrently over HTTP', () => {
  it(`creates exactly one order and answers every retry with it (${CLIENTS} retries, 2 replicas)`, async () => {
    const { urls, sql } = await startReplicas('orders')
    const customer = (
      await request(`${urls[0]}/api/v1/customers`, { method: 'POST', json: { name: 'Retry bakery' } })
    ).body
    const body = {
      customerId: customer.id,
      lines: [{ sku: 'PAN', name: 'Pan', quantity: '2', unitPrice: '1.25' }],
    }
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        request(
          `${urls[i % 2]}/api/v1/orders`,
          { method: 'POST', json: body, headers: { 'idempotency-key': 'retry-storm-1' } },
          20_000,
        ),
      ),
    )
    const [row] = await sql<{ orders: number }[]>`SELECT count(*)::int AS orders FROM orders`
    await sql.end()
    expect(row?.orders).toBe(1)
    expect(results.map((r) => r.status).filter((s) => s !== 201)).toEqual([])
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1)
  })
})
