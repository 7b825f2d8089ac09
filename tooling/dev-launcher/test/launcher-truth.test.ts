import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  alive,
  launcherEntry,
  portArgs,
  processesMentioning,
  startLauncher,
  untilGone,
} from './launcher-process.js'

// What the launcher says must be true: ready only when its own child answers, a death is noticed
// and repaired, and nothing it started outlives it.

let tmp: string
beforeAll(async () => {
  if (!existsSync(launcherEntry))
    throw new Error('dist/main.js is missing: run `pnpm --filter @bakery/dev-launcher build`.')
  tmp = await mkdtemp(join(tmpdir(), 'bakery-dev-truth-'))
  // As root the server runs as `postgres`, which must traverse this folder.
  await chmod(tmp, 0o755)
})
afterAll(async () => {
  for (const pid of alive(processesMentioning(tmp))) process.kill(pid, 'SIGKILL')
  await rm(tmp, { recursive: true, force: true })
})

/** Another process on the port, answering /health/ready with 200 "ready" as a service would. */
function impostor(port: number): Promise<Server> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ status: 'ready', revision: '0000_someone_else' }))
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}

const state = (dataDir: string) =>
  JSON.parse(readFileSync(join(dataDir, 'dev-launcher.json'), 'utf8')) as {
    processes: Array<{ name: string; pid: number }>
  }

describe('pnpm dev tells the truth', () => {
  it('db:status exits 3 naming what is pending when the databases are not migrated', async () => {
    const { args } = await portArgs()
    const launcher = startLauncher(['db:status', '--data-dir', join(tmp, 'status'), ...args])
    const exit = await launcher.exited
    const text = launcher.output.join('\n')
    expect(exit.code, text).toBe(3)
    expect(text).toMatch(
      /db:status: not every migration is applied \(external: \d+ pending; orders: \d+ pending; inventory: \d+ pending\)/,
    )
    expect(text).toContain('pnpm db:migrate')
  }, 120_000)

  it('refuses to start when a service port is taken, naming the port, its holder and --port-base', async () => {
    const { ports, args } = await portArgs()
    const server = await impostor(ports.orders)
    try {
      const launcher = startLauncher(['--no-watch', '--data-dir', join(tmp, 'taken'), ...args])
      const exit = await launcher.exited
      const text = launcher.output.join('\n')
      expect(exit.code, text).toBe(1)
      expect(text).toContain(`DEV_PORT_IN_USE: port ${ports.orders} (orders) is in use by pid ${process.pid}`)
      expect(text).toContain('--port-base')
      expect(text).not.toMatch(/ready in|\bready on\b/)
    } finally {
      server.close()
    }
  }, 60_000)

  it('notices a service killed with SIGKILL, restarts it, and after its own SIGKILL leaves nothing behind', async () => {
    const dataDir = join(tmp, 'platform')
    const { ports, args } = await portArgs()
    const launcher = startLauncher(['--reset', '--no-watch', '--data-dir', dataDir, ...args])
    try {
      await launcher.waitFor(/ready in [\d.]+s/, 120_000)
      const before = state(dataDir).processes
      const orders = before.find((p) => p.name === 'orders')?.pid as number

      const killedAt = performance.now()
      process.kill(orders, 'SIGKILL')
      await launcher.waitFor(new RegExp(`orders \\(pid ${orders}\\) died \\(signal SIGKILL\\)`), 10_000)
      const noticedMs = Math.round(performance.now() - killedAt)
      await launcher.waitFor(/orders restarted/, 60_000)
      const after = state(dataDir).processes
      const restarted = after.find((p) => p.name === 'orders')?.pid as number
      expect(restarted).not.toBe(orders)
      expect(alive([restarted])).toEqual([restarted])
      const ready = await fetch(`http://127.0.0.1:${ports.orders}/health/ready`)
      expect(ready.headers.get('x-process-id')).toBe(String(restarted))

      const everything = after.map((p) => p.pid)
      launcher.child.kill('SIGKILL')
      const goneMs = await untilGone(everything, 15_000)
      expect(alive(everything), launcher.output.join('\n')).toEqual([])
      // Measured, not asserted (speed belongs to the benchmarks): shown in the test output.
      process.stderr.write(
        `death noticed in ${noticedMs} ms; every child gone ${goneMs} ms after the launcher's SIGKILL\n`,
      )
    } finally {
      launcher.child.kill('SIGKILL')
      await launcher.exited
    }
    expect(alive(processesMentioning(dataDir))).toEqual([])
  }, 200_000)
})
