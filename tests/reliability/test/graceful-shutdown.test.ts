import {
  createTestDatabase,
  migrateTestDatabase,
  startServiceProcess,
  type TestDatabase,
} from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budget } from './support/budget.js'
import { request, status } from './support/http.js'
import { migrationsFolder, serviceDir } from './support/services.js'

// SIGTERM to the real orders process while clients write to it. The clients stand for a load
// balancer: they keep sending until they have seen readiness fail (probing every 100 ms), plus a
// propagation lag, which SHUTDOWN_DELAY_MS must cover.
const WORKERS = budget(8, 16)
const LOAD_BEFORE_MS = budget(800, 3000)
const DELAY_MS = 1500
const LB_LAG_MS = 300
let db: TestDatabase

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresAdminUrl'), 'shutdown')
  await migrateTestDatabase({ url: db.url, service: 'orders', migrationsFolder: migrationsFolder('orders') })
})
afterAll(async () => {
  await db?.drop()
})

describe('SIGTERM under load', () => {
  it('turns readiness 503 first, fails none of the accepted requests, and exits 0 within the grace period', async () => {
    const service = await startServiceProcess({
      cwd: serviceDir('orders'),
      env: {
        DATABASE_URL: db.url,
        SHUTDOWN_DELAY_MS: String(DELAY_MS),
        SHUTDOWN_TIMEOUT_MS: '10000',
        DB_POOL_MAX: '10',
      },
    })
    const created: string[] = []
    const failures: string[] = []
    let sent = 0
    let routed = true
    let sigtermAt = 0
    let notReadyAfterMs = -1

    const probe = (async () => {
      for (let i = 0; i < 300 && routed; i++) {
        if (sigtermAt && (await status(`${service.url}/health/ready`, 1000)) === 503) {
          notReadyAfterMs = performance.now() - sigtermAt
          await new Promise((r) => setTimeout(r, LB_LAG_MS))
          routed = false
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      routed = false
    })()
    const worker = async (w: number) => {
      for (let i = 0; i < 5000 && routed; i++) {
        sent++
        const name = `load-${w}-${i}`
        try {
          const res = await request(
            `${service.url}/api/v1/customers`,
            { method: 'POST', json: { name } },
            5000,
          )
          if (res.status === 201) created.push(name)
          else failures.push(`${name}: ${res.status} ${JSON.stringify(res.body)}`)
        } catch (err) {
          failures.push(`${name}: ${(err as Error).message} ${String((err as { cause?: unknown }).cause)}`)
        }
      }
    }
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)))
    await new Promise((r) => setTimeout(r, LOAD_BEFORE_MS))
    sigtermAt = performance.now()
    const exit = await service.stop('SIGTERM', 12_000)
    const exitMs = performance.now() - sigtermAt
    await Promise.all([load, probe])

    const sql = postgres(db.url, { max: 1, onnotice: () => {} })
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers`
    await sql.end()
    console.warn(
      `[graceful-shutdown] ${sent} requests from ${WORKERS} clients, ${failures.length} failed; readiness 503 ${Math.round(notReadyAfterMs)} ms after SIGTERM; exit after ${Math.round(exitMs)} ms`,
    )
    expect(failures).toEqual([])
    expect(created.length).toBe(sent)
    expect(row?.n).toBe(created.length)
    expect(notReadyAfterMs).toBeGreaterThanOrEqual(0)
    expect(notReadyAfterMs).toBeLessThan(DELAY_MS)
    expect(exit, service.output.join('\n')).toEqual({ code: 0, signal: null })
    expect(exitMs).toBeGreaterThanOrEqual(DELAY_MS)
    expect(exitMs).toBeLessThan(10_000)
    expect(service.output.join('\n')).toContain('shutdown complete')
  })
})
