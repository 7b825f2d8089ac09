import { describe, expect, it } from 'vitest'
import { envHttpUrl } from './env-fields.js'
import { loadMigrateConfig } from './migrate-config.js'
import { loadServiceConfig, loadServiceConfigWith } from './service-config.js'

describe('loadServiceConfig', () => {
  it('applies documented defaults', () => {
    const c = loadServiceConfig({ DATABASE_URL: 'postgres://u:p@db:5432/orders' })
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      environment: 'development',
      database: { connectTimeoutMs: 30_000, poolMax: 10 },
      migrations: { strict: false },
      shutdown: { delayMs: 0 },
    })
  })

  it('reports every problem at once and never echoes a value', () => {
    const run = () =>
      loadServiceConfigWith(
        { PROVIDER_URL: envHttpUrl('https://example.test') },
        (e) => ({ provider: e.PROVIDER_URL }),
        {
          DATABASE_URL: 'http://user:hunter2@db/x',
          PORT: '99999',
          MIGRATIONS_STRICT: 'maybe',
          PROVIDER_URL: 'hunter2',
        },
      )
    expect(run).toThrowError(expect.objectContaining({ code: 'SVC_CONFIG_INVALID' }))
    try {
      run()
    } catch (err) {
      const message = (err as Error).message
      expect(message).toMatch(/4 problems/)
      for (const key of ['DATABASE_URL', 'PORT', 'MIGRATIONS_STRICT', 'PROVIDER_URL'])
        expect(message).toContain(key)
      expect(message).not.toContain('hunter2')
    }
  })
})

describe('loadMigrateConfig', () => {
  it('parses the migration Job settings', () => {
    const c = loadMigrateConfig({
      DATABASE_URL: 'postgresql://u:p@db/orders',
      DB_FORCE_RECREATE: 'true',
      MIGRATION_LOCK_TIMEOUT: '250',
      DB_RUNTIME_ROLE: 'orders_app',
    })
    expect(c).toMatchObject({
      forceRecreate: true,
      lockTimeoutMs: 250,
      runtimeRole: 'orders_app',
      advisoryLockWaitMs: 300_000,
    })
  })

  it('rejects a runtime role name that is not a plain identifier', () => {
    expect(() =>
      loadMigrateConfig({ DATABASE_URL: 'postgres://db/x', DB_RUNTIME_ROLE: 'x; DROP TABLE y' }),
    ).toThrowError(/DB_RUNTIME_ROLE/)
  })
})

describe('docs UI setting', () => {
  const url = { DATABASE_URL: 'postgres://db/x' }
  it('serves Swagger UI by default outside production, not in production, and obeys DOCS_UI', () => {
    expect(loadServiceConfig(url).docs.ui).toBe(true)
    expect(loadServiceConfig({ ...url, ENVIRONMENT: 'production' }).docs.ui).toBe(false)
    expect(loadServiceConfig({ ...url, ENVIRONMENT: 'production', DOCS_UI: 'true' }).docs.ui).toBe(true)
    expect(loadServiceConfig({ ...url, DOCS_UI: 'false' }).docs.ui).toBe(false)
  })
})
