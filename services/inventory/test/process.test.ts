import {
  createTestDatabase,
  type ProcessTestDatabases,
  prepareProcessTest,
  runNode,
  startServiceProcess,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { serviceDir } from './helpers.js'

// These run the bundled entries, exactly what the container runs.
let databases: ProcessTestDatabases

beforeAll(async () => {
  databases = await prepareProcessTest({
    adminUrl: inject('postgresAdminUrl'),
    service: 'inventory',
    serviceDir,
  })
})
afterAll(() => databases?.drop())

const migrate = (args: string[], url = databases.migrated.url) =>
  runNode(serviceDir, ['dist/migrate.js', ...args], { DATABASE_URL: url, LOG_LEVEL: 'info' })

describe('dist/migrate.js (the migration Job)', () => {
  it('applies, reports status, verifies and waits on a migrated database', async () => {
    const applied = await migrate([])
    expect(applied.code, applied.output.join('\n')).toBe(0)

    const status = await migrate(['status'])
    expect(status.code).toBe(0)
    expect(status.output.join('\n')).toContain('0002_add_reorder_quantity')

    const json = await migrate(['status', '--json'])
    expect(json.code).toBe(0)
    // Logs are JSON lines with a level; the report is the pretty-printed document around them.
    const report = JSON.parse(json.output.filter((l) => !l.startsWith('{"level"')).join('\n'))
    expect(report).toMatchObject({ service: 'inventory', currentRevision: '0003_add_idempotency_keys' })
    expect(report.migrations.map((m: { state: string }) => m.state)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ])

    expect((await migrate(['verify'])).code).toBe(0)
    expect((await migrate(['wait', '--timeout', '5'])).code).toBe(0)
  })
})

/*
 * Loaded before the Job: at exit it prints one line listing every module Node resolved for it and
 * every builtin it loaded, so a test sees what a run of the Job costs in modules.
 */
const REPORT_LOADED_MODULES = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module'
const resolved = []
registerHooks({ resolve: (specifier, context, next) => { const r = next(specifier, context); resolved.push(r.url); return r } })
process.on('exit', () => process.stderr.write(JSON.stringify({ loadedModules: [...resolved, ...process.moduleLoadList] }) + '\\n'))
`)}`

describe('dist/migrate.js loads what a run needs only', () => {
  it('applies every migration without the SQL parser (the build planned them) or build-only modules', async () => {
    const db = await createTestDatabase(inject('postgresAdminUrl'), 'inventory_job_modules')
    try {
      const run = await runNode(serviceDir, ['--import', REPORT_LOADED_MODULES, 'dist/migrate.js'], {
        DATABASE_URL: db.url,
      })
      expect(run.code, run.output.join('\n')).toBe(0)
      const report = run.output.find((l) => l.startsWith('{"loadedModules"'))
      const loaded: string[] = JSON.parse(report ?? '{"loadedModules":[]}').loadedModules
      expect(loaded).toContain('NativeModule net')
      expect(loaded.filter((m) => m.includes('libpg-query'))).toEqual([])
      // Only the build writes files (dist/migration-plans.json, dist/migration-manifest.json).
      expect(loaded).not.toContain('NativeModule fs/promises')
    } finally {
      await db.drop()
    }
  })
})

describe('dist/main.js (the Deployment)', () => {
  it('serves the API on a migrated database and exits 0 on SIGTERM', async () => {
    if ((await migrate([])).code !== 0) throw new Error('migration failed')
    const service = await startServiceProcess({
      cwd: serviceDir,
      env: { DATABASE_URL: databases.migrated.url },
    })
    try {
      const created = await fetch(`${service.url}/api/v1/ingredients`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Flour from the process test', unit: 'kg', reorderPoint: '10' }),
      })
      expect(created.status).toBe(201)
      const { id } = (await created.json()) as { id: string }
      const stock = await fetch(`${service.url}/api/v1/ingredients/${id}/stock`)
      expect(await stock.json()).toMatchObject({ quantity: '0.000' })
    } finally {
      const exit = await service.stop('SIGTERM')
      expect(exit, service.output.join('\n')).toEqual({ code: 0, signal: null })
    }
  })

  it('refuses to start on an empty database, exits 3 and says what to run', async () => {
    const result = await runNode(serviceDir, ['dist/main.js'], {
      DATABASE_URL: databases.empty.url,
      PORT: '0',
    })
    const output = result.output.join('\n')
    expect(result.code, output).toBe(3)
    expect(output).toContain('SVC_DB_EMPTY')
    expect(output).toContain('node dist/migrate.js')
  })
})
