import {
  createTestDatabase,
  type ProcessTestDatabases,
  prepareProcessTest,
  runNode,
  startServiceProcess,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrationsFolder, serviceDir } from './test-app.js'

let databases: ProcessTestDatabases

beforeAll(async () => {
  const adminUrl = inject('postgresAdminUrl')
  databases = await prepareProcessTest({ adminUrl, service: 'orders', serviceDir, migrationsFolder })
})
afterAll(() => databases?.drop())

describe('dist/main.js', () => {
  it('serves the API on a migrated database and exits 0 on SIGTERM', async () => {
    const service = await startServiceProcess({
      cwd: serviceDir,
      env: { DATABASE_URL: databases.migrated.url },
    })
    try {
      const created = await fetch(`${service.url}/api/v1/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Process test' }),
      })
      expect(created.status).toBe(201)
      const ready = await fetch(`${service.url}/health/ready`)
      expect(await ready.json()).toMatchObject({ status: 'ready', revision: expect.any(String) })
    } finally {
      const exit = await service.stop('SIGTERM')
      expect(exit.code, service.output.join('\n')).toBe(0)
    }
  })

  it('serves in production from the validators and serializers its build compiled, and its OpenAPI document', async () => {
    const service = await startServiceProcess({
      cwd: serviceDir,
      env: { DATABASE_URL: databases.migrated.url, ENVIRONMENT: 'production' },
    })
    try {
      const post = (body: unknown) =>
        fetch(`${service.url}/api/v1/customers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      const created = await post({ name: 'Production path' })
      expect(created.status).toBe(201)
      expect(await created.json()).toMatchObject({ name: 'Production path', createdAt: expect.any(String) })
      const refused = await post({ name: 123 })
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({ code: 'REQUEST_INVALID', field: 'body.name' })
      // The OpenAPI document, generated on this first request (no Swagger UI in production).
      const docs = await fetch(`${service.url}/docs/json`)
      expect(docs.status).toBe(200)
      const document = (await docs.json()) as { paths: Record<string, unknown> }
      expect(Object.keys(document.paths)).toContain('/api/v1/customers')
      // Neither SVC_SCHEMAS_NOT_PRECOMPILED nor SVC_SCHEMAS_STALE: nothing was compiled at start.
      expect(service.output.join('\n')).not.toContain('SVC_SCHEMAS_')
    } finally {
      const exit = await service.stop('SIGTERM')
      expect(exit.code, service.output.join('\n')).toBe(0)
    }
  })

  it('refuses to start on an empty database, saying what to run', async () => {
    const result = await runNode(
      serviceDir,
      ['dist/main.js'],
      { DATABASE_URL: databases.empty.url, PORT: '0' },
      15_000,
    )
    const output = result.output.join('\n')
    expect(result.code, output).toBe(3)
    expect(output).toContain('SVC_DB_EMPTY')
    expect(output).toContain('migrate.js')
  })
})

describe('dist/migrate.js', () => {
  it('migrates, reports status, verifies and waits', async () => {
    const db = await createTestDatabase(inject('postgresAdminUrl'), 'orders_cli')
    try {
      const env = { DATABASE_URL: db.url, DB_CONNECT_TIMEOUT: '5' }
      const verifyEmpty = await runNode(serviceDir, ['dist/migrate.js', 'verify'], env)
      expect(verifyEmpty.code).toBe(3)

      const apply = await runNode(serviceDir, ['dist/migrate.js'], env)
      expect(apply.code, apply.output.join('\n')).toBe(0)

      const status = await runNode(serviceDir, ['dist/migrate.js', 'status'], env)
      expect(status.code).toBe(0)
      expect(status.output.join('\n')).toMatch(/0001_add_order_delivery_date_and_notes\s+applied/)

      const json = await runNode(serviceDir, ['dist/migrate.js', 'status', '--json'], {
        ...env,
        LOG_LEVEL: 'silent',
      })
      expect(json.code).toBe(0)
      const report = JSON.parse(json.output.join('\n'))
      expect(report.counts).toMatchObject({ applied: 3, pending: 0 })

      const verify = await runNode(serviceDir, ['dist/migrate.js', 'verify'], env)
      expect(verify.code).toBe(0)
      const wait = await runNode(serviceDir, ['dist/migrate.js', 'wait', '--timeout', '5'], env)
      expect(wait.code).toBe(0)
    } finally {
      await db.drop()
    }
  })
})
