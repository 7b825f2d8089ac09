import { createServer, type Server } from 'node:net'
import {
  type ProcessTestDatabases,
  prepareProcessTest,
  runNode,
  spawnNode,
  startServiceProcess,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { migrationsFolder, serviceDir } from './test-app.js'

// How dist/main.js starts, fails and ends as a process: exit codes, the order of its log lines,
// and that it never outlives whoever started it.

let databases: ProcessTestDatabases

beforeAll(async () => {
  const adminUrl = inject('postgresAdminUrl')
  databases = await prepareProcessTest({ adminUrl, service: 'orders_life', serviceDir, migrationsFolder })
})
afterAll(() => databases?.drop())

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Polls until `pid` is gone; false if it is still there after `withinMs` (a bound, not a timing). */
async function gone(pid: number, withinMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return !isAlive(pid)
}

function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer()
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (typeof address === 'object' && address) resolve({ server, port: address.port })
    })
  })
}

describe('dist/main.js lifecycle', () => {
  it('exits 12 with SVC_LISTEN_FAILED when its port is taken, and logs no shutdown it never did', async () => {
    const { server, port } = await holdPort()
    try {
      const result = await runNode(
        serviceDir,
        ['dist/main.js'],
        { DATABASE_URL: databases.migrated.url, PORT: String(port), HOST: '127.0.0.1' },
        20_000,
      )
      const output = result.output.join('\n')
      expect(result.code, output).toBe(12)
      expect(output).toContain('"code":"SVC_LISTEN_FAILED"')
      expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`)
      expect(output).not.toMatch(/shutting down|shutdown complete/)
      const lines = result.output.map((l) => JSON.parse(l).msg as string)
      expect(lines.at(-1)).toMatch(/already in use/)
    } finally {
      server.close()
    }
  })

  it('exits when the process that started it is SIGKILLed (its IPC channel closes)', async () => {
    // A parent that starts the service with an IPC channel, as the dev launcher does, then dies.
    const parent = spawnNode(
      serviceDir,
      [
        '--input-type=module',
        '-e',
        `import { fork } from 'node:child_process'
         const child = fork('dist/main.js', { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
         console.log(JSON.stringify({ servicePid: child.pid }))
         setInterval(() => {}, 1000)`,
      ],
      { DATABASE_URL: databases.migrated.url, PORT: '0', HOST: '127.0.0.1' },
    )
    try {
      // The service inherits the parent's stdout (our pipe, which stays open): only the channel tells.
      const listening = () => parent.output.some((l) => l.includes('Server listening'))
      await expect.poll(listening, { timeout: 20_000, interval: 50 }).toBe(true)
      const servicePid = Number(JSON.parse(parent.output[0] ?? '{}').servicePid)
      parent.child.kill('SIGKILL')
      expect(await gone(servicePid)).toBe(true)
    } finally {
      await parent.stop('SIGKILL')
    }
  })

  it('exits when its stdout breaks (EPIPE) instead of living on unheard', async () => {
    const service = await startServiceProcess({
      cwd: serviceDir,
      // debug logs every request: the request below makes it write to the broken pipe.
      env: { DATABASE_URL: databases.migrated.url, LOG_LEVEL: 'debug' },
    })
    try {
      service.child.stdout?.destroy()
      await fetch(`${service.url}/api/v1/customers`).catch(() => {})
      const pid = service.child.pid as number
      expect(await gone(pid)).toBe(true)
    } finally {
      await service.stop('SIGKILL')
    }
  })
})
