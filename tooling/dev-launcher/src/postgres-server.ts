import { chmod, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Child, type LineSink, spawnChild } from './child-process.js'
import { LauncherError } from './errors.js'

export interface DevPostgres {
  adminUrl: string
  /** `embedded` (this machine, under the data dir) or `external` (DEV_DATABASE_ADMIN_URL). */
  kind: 'embedded' | 'external'
  /** The host process and the postmaster, for the pid file (empty for an external server). */
  pids: number[]
  /** The embedded server's data folder (a stand-in under /var/tmp when `postgres` cannot reach ours). */
  dataDir?: string
  stop(): Promise<void>
}

interface ReadyInfo {
  adminUrl: string
  serverPid: number
  dataDir: string
}

const hostEntry = fileURLToPath(new URL('./postgres-host.js', import.meta.url))

/** Uses the server at `adminUrl` when given; otherwise starts the embedded one on `dataDir/postgres`. */
export async function startDevPostgres(options: {
  adminUrl: string | undefined
  dataDir: string
  port: number
  reset: boolean
  onLine: LineSink
  readyTimeoutMs?: number
}): Promise<DevPostgres> {
  if (options.adminUrl)
    return { adminUrl: options.adminUrl, kind: 'external', pids: [], stop: async () => {} }
  const pgData = join(options.dataDir, 'postgres')
  // As root the server runs as the `postgres` user, which must be able to traverse the parent.
  await mkdir(options.dataDir, { recursive: true })
  await chmod(options.dataDir, 0o755)
  const recent: string[] = []
  let onReady: (info: ReadyInfo) => void = () => {}
  const ready = new Promise<ReadyInfo>((resolve) => {
    onReady = resolve
  })
  const host = spawnChild(
    'postgres',
    process.execPath,
    [hostEntry, '--data-dir', pgData, '--port', String(options.port), ...(options.reset ? ['--reset'] : [])],
    {
      cwd: options.dataDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG },
      onLine: (line, stream) => {
        if (stream === 'stdout' && line.startsWith('{"ready"')) onReady(JSON.parse(line))
        else options.onLine(line, stream)
        recent.push(line)
        if (recent.length > 20) recent.shift()
      },
    },
  )
  try {
    const info = await untilReady(host, ready, options.readyTimeoutMs ?? 120_000, recent, options.port)
    return {
      adminUrl: info.adminUrl,
      kind: 'embedded',
      pids: [host.pid, info.serverPid],
      dataDir: info.dataDir,
      stop: () => host.stop(30_000),
    }
  } catch (err) {
    await host.stop(5_000)
    throw err
  }
}

async function untilReady<T>(
  host: Child,
  ready: Promise<T>,
  timeoutMs: number,
  recent: string[],
  port: number,
) {
  let timer: NodeJS.Timeout | undefined
  const failed = (why: string) =>
    new LauncherError(
      'DEV_POSTGRES_FAILED',
      `The embedded PostgreSQL ${why}. If another server uses port ${port}, pass --pg-port; if its data is damaged, start clean with --reset.\n${recent.join('\n')}`,
    )
  try {
    return await Promise.race([
      ready,
      host.exited.then(() => Promise.reject(failed('exited before it was ready'))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(failed(`was not ready within ${timeoutMs / 1000}s`)), timeoutMs)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
