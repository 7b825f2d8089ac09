import { setTimeout as sleep } from 'node:timers/promises'
import { type Child, type LineSink, spawnChild } from './child-process.js'
import type { ServiceDatabase } from './database-setup.js'
import { LauncherError } from './errors.js'
import { childEnv } from './migration-entry.js'
import type { ServiceSpec } from './repo-layout.js'

export interface RunningService {
  name: string
  url: string
  child: Child
}

export interface ServiceHealth {
  /** `ready`, or what /health/ready said instead (`starting`, `unavailable`...), or `down`. */
  state: string
  revision: string | null
}

/**
 * Starts `node dist/main.js` in the service's folder, as the Deployment does: as the runtime role,
 * verifying the schema before it listens. Resolves once /health/ready answers 200; rejects with
 * DEV_SERVICE_FAILED (and the service's last lines) if it exits or takes too long.
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
    onLine: (line, stream) => {
      recent.push(line)
      if (recent.length > 15) recent.shift()
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
    if ((await readHealth(url)).state === 'ready') return { name: options.service.name, url, child }
    await sleep(100)
  }
  await child.stop(2_000)
  const why = exited ? `exited with ${(await child.exited).code}` : 'was not ready in time'
  throw new LauncherError(
    'DEV_SERVICE_FAILED',
    `${options.service.name} (node dist/main.js on port ${options.port}) ${why}. Its last lines:\n${recent.join('\n')}`,
  )
}

/** GET /health/ready: the state and the schema revision the service verified. */
export async function readHealth(url: string): Promise<ServiceHealth> {
  try {
    const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })
    const body = (await res.json()) as { status?: string; revision?: string | null }
    return { state: body.status ?? `http ${res.status}`, revision: body.revision ?? null }
  } catch {
    return { state: 'down', revision: null }
  }
}
