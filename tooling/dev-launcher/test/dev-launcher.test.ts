import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeMigrationFolder } from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  alive,
  descendants,
  launcherEntry,
  portArgs,
  processesMentioning,
  startLauncher,
} from './launcher-process.js'

// The launcher as a person runs it: a real process, a fresh data folder, free ports on 127.0.0.1.

let tmp: string
beforeAll(async () => {
  if (!existsSync(launcherEntry))
    throw new Error('dist/main.js is missing: run `pnpm --filter @bakery/dev-launcher build`.')
  // As root the server runs as `postgres`, which must traverse this folder.
  tmp = await mkdtemp(join(tmpdir(), 'bakery-dev-launcher-'))
  await chmod(tmp, 0o755)
})
afterAll(async () => {
  for (const pid of alive(processesMentioning(tmp))) process.kill(pid, 'SIGKILL')
  await rm(tmp, { recursive: true, force: true })
})

describe('pnpm dev (dist/main.js)', () => {
  it('starts PostgreSQL, migrates, serves every service, and on SIGINT stops everything and exits 0', async () => {
    const dataDir = join(tmp, 'platform')
    const { ports, args } = await portArgs()
    const launcher = startLauncher(['--reset', '--data-dir', dataDir, ...args])
    const pid = launcher.child.pid as number
    let started: number[] = []
    try {
      await launcher.waitFor(/ready in [\d.]+s/, 90_000)
      const text = launcher.output.join('\n')
      for (const [svc, port] of Object.entries(ports))
        expect(text).toMatch(
          new RegExp(
            `${svc}\\s+│ http://127\\.0\\.0\\.1:${port}\\s+│ http://127\\.0\\.0\\.1:${port}/docs\\s+│ \\d{4}_\\w+\\s+│ ready`,
          ),
        )

      const state = JSON.parse(readFileSync(join(dataDir, 'dev-launcher.json'), 'utf8'))
      started = [...new Set([...descendants(pid), ...state.processes.map((p: { pid: number }) => p.pid)])]
      expect(state.processes.map((p: { name: string }) => p.name).sort()).toEqual([
        'external',
        'inventory',
        'orders',
        'postgres',
        'postgres-host',
      ])

      // One GET per service that reads its database, as the runtime role.
      for (const [svc, path] of [
        ['external', 'locations'],
        ['orders', 'customers'],
        ['inventory', 'ingredients'],
      ]) {
        const res = await fetch(`http://127.0.0.1:${ports[svc as keyof typeof ports]}/api/v1/${path}`)
        expect(res.status, svc).toBe(200)
        expect(await res.json()).toMatchObject({ items: [] })
      }
    } finally {
      launcher.child.kill('SIGINT')
    }
    const exit = await Promise.race([
      launcher.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit within 30s')), 30_000)),
    ])
    expect(exit, launcher.output.join('\n')).toEqual({ code: 0, signal: null })
    expect(started.length).toBeGreaterThanOrEqual(5)
    expect(alive(started)).toEqual([])
    expect(alive(processesMentioning(dataDir))).toEqual([])
    expect(existsSync(join(dataDir, 'dev-launcher.json'))).toBe(false)
  }, 150_000)

  it('stops the launch when a migration fails, naming the service and the error', async () => {
    const broken = await writeMigrationFolder(
      [
        {
          tag: '0000_broken',
          sql: 'CREATE TABLE oops (id int);\n--> statement-breakpoint\nSELECT no_such_column FROM oops;',
        },
      ],
      join(tmp, 'broken-migrations'),
    )
    const dataDir = join(tmp, 'failing')
    const { args } = await portArgs()
    // MIGRATIONS_DIR reaches every migration entry, so all three fail the same way.
    const launcher = startLauncher(['--reset', '--no-watch', '--data-dir', dataDir, ...args], {
      MIGRATIONS_DIR: broken,
    })
    const exit = await launcher.exited
    const text = launcher.output.join('\n')
    expect(exit.code, text).toBe(1)
    expect(text).toMatch(
      /DEV_MIGRATION_FAILED: .*orders: the migration entry \(node dist\/migrate\.js\) exited with 7: MIGRATE_FAILED/s,
    )
    expect(text).toContain('no_such_column')
    expect(text).not.toMatch(/ready in/)
    expect(alive(processesMentioning(dataDir))).toEqual([])
  }, 120_000)
})
