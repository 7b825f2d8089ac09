import { setTimeout as sleep } from 'node:timers/promises'
import { type Child, type LineSink, spawnChild } from './child-process.js'
import type { ServiceDatabase } from './database-setup.js'
import { LauncherError } from './errors.js'
import { childEnv } from './migration-entry.js'
import { describePortHolder } from './port-check.js'
import type { ServiceSpec } from './repo-layout.js'

export interface RunningService {
  name: string
  url: string
  child: Child
  /** Its last lines, newest last: what to show when it dies. */
  recent: string[]
}

export interface ServiceHealth {
  /** `ready`, or what /health/ready said instead (`starting`, `unavailable`...), or `down`. */
  state: string
  revision: string | null
  /** The pid the service reported (`x-process-id`): who really answered. */
  pid?: number
}

const RECENT_LINES = 15

/**
 * Starts `node dist/main.js` in the service's folder, as the Deployment does: as the runtime role,
 * verifying the schema before it listens, with an IPC channel so that it ends with the launcher.
 * Resolves once /health/ready answers 200 *from this child* (its pid in `x-process-id`); rejects
 * with DEV_SERVICE_FAILED (and the service's last lines) if it exits or takes too long, and with
 * DEV_PORT_IN_USE if another process answers on its port.
 */
export async function startServiceProcess(options: {
  service: ServiceSpec
  database: ServiceDatabase
  port: number
  logLevel: string
  onLine: LineSink
  readyTimeoutMs?: number
}): Promise<RunningService> {
  const recent: string[] = []
  const child = spawnChild(options.service.name, process.execPath, ['dist/main.js'], {
    cwd: options.service.dir,
    env: childEnv({
      DATABASE_URL: options.database.appUrl,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: options.logLevel,
      SHUTDOWN_DELAY_MS: '0',
      DB_CONNECT_TIMEOUT: '10',
    }),
    ipc: true,
    onLine: (line, stream) => {
      recent.push(line)
      if (recent.length > RECENT_LINES) recent.shift()
      options.onLine(line, stream)
    },
  })
  const url = `http://127.0.0.1:${options.port}`
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000)
  let exited = false
  void child.exited.then(() => {
    exited = true
  })
  while (!exited && Date.now() < deadline) {
    const health = await readHealth(url)
    // Anything that answers but is not our child (no x-process-id, or another one) holds the port.
    if (health.state !== 'down' && health.pid !== child.pid) {
      await child.stop(2_000)
      throw strangerAnswered(options.service.name, options.port, health.pid)
    }
    if (health.state === 'ready') return { name: options.service.name, url, child, recent }
    await sleep(100)
  }
  const end = exited ? await child.exited : undefined
  const why = end ? `exited with ${end.code ?? end.signal}` : 'was not ready in time'
  await child.stop(2_000)
  throw new LauncherError(
    'DEV_SERVICE_FAILED',
    `${options.service.name} (node dist/main.js on port ${options.port}) ${why}. Its last lines:\n${recent.join('\n')}`,
  )
}

function strangerAnswered(service: string, port: number, pid: number | undefined) {
  const holder = describePortHolder(port) ?? (pid === undefined ? 'unknown' : `pid ${pid}`)
  return new LauncherError(
    'DEV_PORT_IN_USE',
    `port ${port} (${service}) is answered by another process (${holder}), not the one this launcher started: stop it, or pass --port-base (e.g. --port-base 4000).`,
  )
}

/** GET /health/ready: the state, the schema revision the service verified, and who answered. */
export async function readHealth(url: string): Promise<ServiceHealth> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })
    const pid = Number(res.headers.get('x-process-id') ?? Number.NaN)
    const body = (await res.json().catch(() => ({}))) as { status?: string; revision?: string | null }
    return {
      state: body.status ?? `http ${res.status}`,
      revision: body.revision ?? null,
      ...(Number.isInteger(pid) ? { pid } : {}),
    }
  } catch {
    return { state: 'down', revision: null }
  }
}
