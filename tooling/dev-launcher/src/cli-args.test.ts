import { describe, expect, it } from 'vitest'
import { parseLauncherArgs } from './cli-args.js'
import { repoRoot } from './repo-layout.js'

describe('parseLauncherArgs', () => {
  it('defaults to dev on the Skaffold ports with the embedded server under <repo>/.data', () => {
    expect(parseLauncherArgs([], {})).toEqual({
      command: 'dev',
      help: false,
      reset: false,
      watch: true,
      json: false,
      ports: { external: 3001, orders: 3002, inventory: 3003 },
      postgresPort: 5433,
      dataDir: `${repoRoot}.data`,
      adminUrl: undefined,
      logLevel: 'info',
      service: undefined,
      migrateFlags: [],
    })
  })

  it('takes one service for db:reset and forwards the migrate flags people expect', () => {
    expect(parseLauncherArgs(['db:reset', 'orders'], {})).toMatchObject({
      command: 'db:reset',
      service: 'orders',
    })
    expect(parseLauncherArgs(['--allow-drift', '--allow-out-of-order'], {}).migrateFlags).toEqual([
      '--allow-out-of-order',
      '--allow-drift',
    ])
    expect(() => parseLauncherArgs(['db:reset'], {})).toThrowError(/pnpm db:reset orders/)
    expect(() => parseLauncherArgs(['db:reset', 'billing'], {})).toThrowError(/db:reset takes one service/)
  })

  it('moves every port with --port-base and one with --port', () => {
    const o = parseLauncherArgs(['--port-base', '4000', '--port', 'orders=5002', '--reset', '--no-watch'], {})
    expect(o.ports).toEqual({ external: 4001, orders: 5002, inventory: 4003 })
    expect(o).toMatchObject({ reset: true, watch: false })
  })

  it('reads the environment when no option is given', () => {
    const o = parseLauncherArgs(['db:status', '--json'], {
      DEV_PORT_BASE: '7000',
      DEV_POSTGRES_PORT: '7432',
      DEV_DATA_DIR: '/tmp/x',
      DEV_DATABASE_ADMIN_URL: 'postgres://postgres:pw@db:5432/postgres',
      LOG_LEVEL: 'debug',
    })
    expect(o).toMatchObject({
      command: 'db:status',
      json: true,
      postgresPort: 7432,
      dataDir: '/tmp/x',
      adminUrl: 'postgres://postgres:pw@db:5432/postgres',
      logLevel: 'debug',
    })
    expect(o.ports.external).toBe(7001)
  })

  it('rejects unknown commands, services and bad ports with a DEV_USAGE error', () => {
    for (const argv of [
      ['deploy'],
      ['--port', 'billing=1'],
      ['--port-base', '65534'],
      ['--pg-port', 'x'],
      ['--nope'],
    ])
      expect(() => parseLauncherArgs(argv, {})).toThrowError(expect.objectContaining({ code: 'DEV_USAGE' }))
  })

  it('refuses --reset on an existing server, which it would have to drop objects from', () => {
    expect(() => parseLauncherArgs(['--reset'], { DEV_DATABASE_ADMIN_URL: 'postgres://a@b/c' })).toThrowError(
      /--reset only wipes the embedded server/,
    )
  })
})
