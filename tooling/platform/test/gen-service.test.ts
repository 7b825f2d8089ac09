import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { freePort } from '@bakery/service-base/testing'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../src/service-list.js'

// `pnpm gen:service billing` in a throwaway copy of the repository, then what a person would check
// before merging a new service: everything builds, its tests pass, the manifests render and
// validate with its objects, Skaffold's schema and ordering hold, and `pnpm dev` serves four
// services. Heavy (a few minutes): each phase logs its duration.

const NAME = 'billing'
let copy: string
const timings: string[] = []

async function phase<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now()
  try {
    return await work()
  } finally {
    timings.push(`${label}: ${((performance.now() - start) / 1000).toFixed(1)}s`)
  }
}

/** Runs a command in the copy; on failure the error carries its whole output. */
function run(command: string, args: string[], cwd = copy, env: Record<string, string> = {}) {
  return execa(command, args, {
    cwd,
    all: true,
    // turbo restores what the original already built (same inputs) from its local cache.
    env: { TURBO_CACHE_DIR: join(repoRoot, '.turbo/cache'), ...env },
  })
}

/** The working tree as git sees it (tracked and untracked, minus ignored): node_modules, dist, .data stay out. */
async function copyWorkingTree(to: string): Promise<number> {
  const { stdout } = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
  })
  const files = stdout.split('\0').filter((f) => f && existsSync(join(repoRoot, f)))
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true })
    copyFileSync(join(repoRoot, file), join(to, file))
  }
  return files.length
}

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'bakery-gen-service-'))
  // As root the embedded PostgreSQL runs as `postgres`, which must traverse the copy (mkdtemp: 0700).
  await chmod(copy, 0o755)
  await phase('copy', () => copyWorkingTree(copy))
  // The pinned Node and pnpm (scripts/bootstrap.sh puts them in the git-ignored .tools/) are the
  // original's: the root scripts (`pnpm gen:service`) run through scripts/with-node.sh, which needs them.
  if (existsSync(join(repoRoot, '.tools'))) symlinkSync(join(repoRoot, '.tools'), join(copy, '.tools'))
  await phase('install', () =>
    run('pnpm', ['install', '--offline', '--frozen-lockfile', '--reporter=silent']),
  )
}, 300_000)

afterAll(async () => {
  process.stderr.write(`gen:service test phases: ${timings.join(', ')}\n`)
  if (copy) await rm(copy, { recursive: true, force: true })
})

describe('pnpm gen:service', () => {
  it('adds a service that builds, passes its tests, deploys and runs beside the others', async () => {
    const gen = await phase('generate', () => run('pnpm', ['gen:service', NAME]))
    expect(gen.all).toContain(`created services/${NAME}`)
    const list = JSON.parse(readFileSync(join(copy, 'services.json'), 'utf8'))
    expect(list.services.map((s: { name: string }) => s.name)).toContain(NAME)
    // drizzle-kit wrote the first migration from the template's schema.
    const journal = JSON.parse(
      readFileSync(join(copy, `services/${NAME}/drizzle/meta/_journal.json`), 'utf8'),
    )
    expect(journal.entries.map((e: { tag: string }) => e.tag)).toEqual(['0000_initial'])

    await phase('lint', () => run('pnpm', ['exec', 'biome', 'check', '.']))
    await phase('build', () => run('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']))
    await phase('typecheck', () => run('pnpm', ['--filter', `@bakery/${NAME}`, 'typecheck']))
    const tests = await phase(`${NAME} tests`, () =>
      run('pnpm', ['--filter', `@bakery/${NAME}`, 'test', '--reporter=verbose']),
    )
    // The template's own proof of the chassis' HTTP contract and of idempotent creation ran.
    expect(tests.all).toContain('answers POST /api/v1/items: invalid JSON with 400')
    expect(tests.all).toContain('answers a retried Idempotency-Key with the first item')
    // …on both schema paths: the build's compiled validators and those compiled at start.
    for (const source of ['compiled at build time', 'compiled at start'])
      expect(tests.all).toMatch(new RegExp(`${source}.*takes every route schema from where it was asked to`))
    // Rendering and validation with billing's objects, the list's agreement, Skaffold's schema and
    // ordering (Jobs first, billing-migrations before billing), the Dockerfile's sameness.
    const infra = await phase('manifest and skaffold tests', () =>
      run('pnpm', [
        '--filter',
        '@bakery/infrastructure',
        'exec',
        'vitest',
        'run',
        '--reporter=verbose',
        'test/service-list.test.ts',
        'test/overlays.test.ts',
        'test/skaffold.test.ts',
        'test/dockerfile.test.ts',
      ]),
    )
    expect(infra.all).toContain(`has a migration Job and a Deployment for ${NAME}`)
    await phase('dev launcher', () => checkDevLauncher())
  }, 900_000)
})

/** `pnpm dev` in the copy: four services ready, billing answering on its own database. */
async function checkDevLauncher(): Promise<void> {
  const names = JSON.parse(readFileSync(join(copy, 'services.json'), 'utf8')).services.map(
    (s: { name: string }) => s.name,
  ) as string[]
  expect(names).toHaveLength(4)
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const)))
  const args = [
    '--reset',
    '--no-watch',
    '--data-dir',
    join(copy, '.data'),
    '--pg-port',
    String(await freePort()),
    ...names.flatMap((n) => ['--port', `${n}=${ports[n]}`]),
  ]
  const launcher = execa('node', ['tooling/dev-launcher/dist/main.js', ...args], {
    cwd: copy,
    all: true,
    reject: false,
    env: { LOG_LEVEL: 'info' },
  })
  let output = ''
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within 120 s:\n${output}`)), 120_000)
      launcher.all?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (/ready in [\d.]+s/.test(output)) {
          clearTimeout(timer)
          resolve()
        }
      })
      void launcher.then(() => {
        clearTimeout(timer)
        reject(new Error(`the launcher exited:\n${output}`))
      })
    })
    for (const n of names) expect(output).toMatch(new RegExp(`${n}\\s+│ http://127\\.0\\.0\\.1:${ports[n]}`))
    const created = await fetch(`http://127.0.0.1:${ports[NAME]}/api/v1/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Croissant' }),
    })
    expect(created.status, output).toBe(201)
  } finally {
    launcher.kill('SIGINT')
    const exit = await Promise.race([
      launcher,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
    ])
    if (!exit) launcher.kill('SIGKILL')
  }
}
