import { fileURLToPath } from 'node:url'
import {
  createTestDatabase,
  type ProcessTestDatabases,
  prepareProcessTest,
  runNode,
  startServiceProcess,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrationsFolder } from '../src/service-definition.js'
import { madrid } from './helpers.js'

const serviceDir = fileURLToPath(new URL('..', import.meta.url))

// These tests run the bundles the Deployment and the Job run; turbo's test task builds first.
let databases: ProcessTestDatabases
beforeAll(async () => {
  databases = await prepareProcessTest({
    adminUrl: inject('postgresAdminUrl'),
    service: 'external',
    serviceDir,
    // Migrated up front: the Deployment test must not depend on the Job test having run first.
    migrationsFolder,
  })
})
afterAll(() => databases?.drop())

describe('dist/migrate.js (the migration Job)', () => {
  it('applies the migrations, then reports status, verifies and waits', async () => {
    const db = await createTestDatabase(inject('postgresAdminUrl'), 'external_cli')
    try {
      const env = { DATABASE_URL: db.url, DB_CONNECT_TIMEOUT: '5' }
      const apply = await runNode(serviceDir, ['dist/migrate.js'], env)
      expect(apply.code, apply.output.join('\n')).toBe(0)
      expect(apply.output.join('\n')).toMatch(/migration job completed/)

      const status = await runNode(serviceDir, ['dist/migrate.js', 'status'], env)
      expect(status.code).toBe(0)
      expect(status.output.join('\n')).toMatch(/0001_add_weather_source/)

      const json = await runNode(serviceDir, ['dist/migrate.js', 'status', '--json'], {
        ...env,
        LOG_LEVEL: 'silent',
      })
      expect(json.code).toBe(0)
      expect(JSON.stringify(JSON.parse(json.output.join('\n')))).toMatch(/0001_add_weather_source/)

      const verify = await runNode(serviceDir, ['dist/migrate.js', 'verify'], env)
      expect(verify.code, verify.output.join('\n')).toBe(0)

      const wait = await runNode(serviceDir, ['dist/migrate.js', 'wait', '--timeout', '5'], env)
      expect(wait.code, wait.output.join('\n')).toBe(0)
    } finally {
      await db.drop()
    }
  })
})

describe('dist/main.js (the Deployment)', () => {
  it('refuses to start against an empty database, saying what to run', async () => {
    const result = await runNode(serviceDir, ['dist/main.js'], {
      DATABASE_URL: databases.empty.url,
      PORT: '0',
      DB_CONNECT_TIMEOUT: '5',
    })
    const output = result.output.join('\n')
    expect(result.code, output).toBe(3)
    expect(output).toMatch(/SVC_DB_EMPTY/)
    expect(output).toMatch(/Run the external migration Job \(`node dist\/migrate\.js`/)
  })

  it('serves the API on a migrated database and exits 0 on SIGTERM', async () => {
    const service = await startServiceProcess({
      cwd: serviceDir,
      env: { DATABASE_URL: databases.migrated.url },
    })
    try {
      const created = await fetch(`${service.url}/api/v1/locations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...madrid, name: 'Process test' }),
      })
      expect(created.status).toBe(201)
      const { id } = (await created.json()) as { id: string }
      const summary = await fetch(
        `${service.url}/api/v1/locations/${id}/daily-summary?from=2024-05-01&to=2024-05-02`,
      )
      expect(summary.status).toBe(200)
      expect(((await summary.json()) as { days: unknown[] }).days).toHaveLength(2)
    } finally {
      const exit = await service.stop('SIGTERM')
      expect(exit.code, service.output.join('\n')).toBe(0)
    }
  })
})
