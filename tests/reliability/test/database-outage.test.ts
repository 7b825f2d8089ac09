import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  freePort,
  migrateTestDatabase,
  type RunningPostgres,
  runNode,
  type ServiceProcess,
  startEmbeddedPostgres,
  startServiceProcess,
} from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request, status, waitFor } from './support/http.js'
import { migrationsFolder, serviceDir } from './support/services.js'

// This file runs its own PostgreSQL (not the shared one) because it stops and restarts it, on the
// same data directory and port, under a running inventory process.
const PASSWORD = `outage-secret-${Math.random().toString(36).slice(2)}`
let parent: string
let port: number
let pg: RunningPostgres | undefined
let appUrl: string
let service: ServiceProcess | undefined

const start = async () => {
  pg = await startEmbeddedPostgres({ dataDir: join(parent, 'data'), port, fast: true })
}

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'bakery-outage-'))
  await chmod(parent, 0o755) // as root the server runs as `postgres`, which must traverse it
  port = await freePort()
  await start()
  const admin = postgres((pg as RunningPostgres).adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE ROLE outage_app LOGIN PASSWORD '${PASSWORD}'`)
  await admin.unsafe('CREATE DATABASE outage OWNER outage_app')
  await admin.end()
  appUrl = `postgres://outage_app:${PASSWORD}@127.0.0.1:${port}/outage`
  await migrateTestDatabase({
    url: appUrl,
    service: 'inventory',
    migrationsFolder: migrationsFolder('inventory'),
  })
})
afterAll(async () => {
  await service?.stop('SIGKILL')
  await pg?.stop()
  await rm(parent, { recursive: true, force: true })
})

describe('the database goes away under a running service', () => {
  it('turns readiness 503 within seconds, keeps liveness 200, answers 503 SVC_DB_UNAVAILABLE fast, and recovers by itself', async () => {
    service = await startServiceProcess({
      cwd: serviceDir('inventory'),
      env: { DATABASE_URL: appUrl, DB_CONNECT_TIMEOUT: '5' },
    })
    const api = `${service.url}/api/v1/ingredients`
    expect(
      (await request(api, { method: 'POST', json: { name: 'Before', unit: 'kg', reorderPoint: '1' } }))
        .status,
    ).toBe(201)

    await pg?.stop()
    const detectMs = await waitFor(
      async () => (await status(`${service?.url}/health/ready`)) === 503,
      5000,
      50,
    )
    expect(await status(`${service.url}/health/live`)).toBe(200)
    for (const init of [{}, { method: 'POST', json: { name: 'During', unit: 'kg', reorderPoint: '1' } }]) {
      const res = await request(api, init, 5000)
      expect(res).toMatchObject({ status: 503, body: { code: 'SVC_DB_UNAVAILABLE' } })
      expect(res.ms).toBeLessThan(3000)
    }

    const downAt = performance.now()
    await start()
    const restartMs = performance.now() - downAt
    const recoverMs = await waitFor(
      async () => (await status(`${service?.url}/health/ready`)) === 200,
      15_000,
      100,
    )
    const list = await request(api)
    expect(list.status).toBe(200)
    expect((list.body.items as { name: string }[]).map((i) => i.name)).toEqual(['Before'])
    expect(
      (await request(api, { method: 'POST', json: { name: 'After', unit: 'kg', reorderPoint: '1' } })).status,
    ).toBe(201)
    console.warn(
      `[database-outage] readiness 503 after ${Math.round(detectMs)} ms; server restart ${Math.round(restartMs)} ms; ready again ${Math.round(recoverMs)} ms after it`,
    )

    const exit = await service.stop('SIGTERM')
    expect(exit).toEqual({ code: 0, signal: null })
    expect(service.output.join('\n')).not.toContain(PASSWORD)
    service = undefined
  })

  it('makes a service started while the database is down retry until DB_CONNECT_TIMEOUT, then exit 6, never logging the password', async () => {
    await pg?.stop()
    pg = undefined
    const started = performance.now()
    const result = await runNode(
      serviceDir('inventory'),
      ['dist/main.js'],
      { DATABASE_URL: appUrl, DB_CONNECT_TIMEOUT: '3', PORT: '0', LOG_LEVEL: 'debug' },
      20_000,
    )
    const ms = performance.now() - started
    const output = result.output.join('\n')
    expect(result.code, output).toBe(6)
    expect(ms).toBeGreaterThanOrEqual(3000)
    expect(ms).toBeLessThan(12_000)
    expect(output).toContain('SVC_DB_UNREACHABLE')
    expect(output).toContain('retrying')
    expect(output).not.toContain(PASSWORD)
    const migrate = await runNode(serviceDir('inventory'), ['dist/migrate.js'], {
      DATABASE_URL: appUrl,
      DB_CONNECT_TIMEOUT: '2',
    })
    expect(migrate.code).toBe(6)
    expect(migrate.output.join('\n')).not.toContain(PASSWORD)
  })
})
