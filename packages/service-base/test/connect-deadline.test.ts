import { fileURLToPath } from 'node:url'
import { beforeAll, describe, it, type TestContext } from 'vitest'
import { loadDatabaseConfig } from '../src/config/database-config.js'
import { createSql } from '../src/database/create-sql.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { runNode } from '../src/testing/service-process.js'
import { type FakeServer, type FakeServerKind, startFakeServer } from './fake-servers.js'

const here = fileURLToPath(new URL('.', import.meta.url))
let folder: string
beforeAll(async () => {
  folder = await writeMigrationFolder([{ tag: '0000_items', sql: 'CREATE TABLE items (id int);' }])
})

/** A wrong server for one test (closed when that test ends, so tests may run at once). */
async function fake(kind: FakeServerKind, { onTestFinished }: TestContext) {
  const server: FakeServer = await startFakeServer(kind)
  onTestFinished(() => server.close())
  return { server, url: `postgres://app:s3cret-pw@127.0.0.1:${server.port}/orders` }
}

/** What the last error says, per kind of wrong server. */
const reasons: Record<FakeServerKind, RegExp> = {
  http: /does not speak PostgreSQL.*HTTP/,
  'closes-at-once': /closed the connection before/,
  silent: /did not answer within/,
}

const entries: Array<{ name: string; args: string[] }> = [
  { name: 'migrate.js apply', args: ['fixtures/migrate-cli.mjs', '<folder>'] },
  { name: 'migrate.js status', args: ['fixtures/migrate-cli.mjs', '<folder>', 'status'] },
  { name: 'migrate.js verify', args: ['fixtures/migrate-cli.mjs', '<folder>', 'verify'] },
  { name: 'migrate.js wait', args: ['fixtures/migrate-cli.mjs', '<folder>', 'wait', '--timeout', '120'] },
  { name: 'main.js', args: ['fixtures/example-service.mjs'] },
]

// Each case mostly waits (one second of DB_CONNECT_TIMEOUT, then the process's exit), so the five
// entries of a kind run at once; each has its own server, so the counts stay per case.
describe.each(['http', 'closes-at-once', 'silent'] as const)(
  'pointed at a %s server, not PostgreSQL',
  (kind) => {
    it.concurrent.for(entries)(
      '$name exits 6 within DB_CONNECT_TIMEOUT, naming the server, without spinning',
      { timeout: 90_000 },
      async ({ args }, context) => {
        const { expect } = context
        const { server, url } = await fake(kind, context)
        // The kill only bounds a broken run: a process that hangs fails on its exit code. It is generous
        // because it also counts Node's start and the imports, which under CI load took over 20 s for
        // main.js; that the process gave up at DB_CONNECT_TIMEOUT is read from its own report below.
        const run = await runNode(
          here,
          args.map((a) => (a === '<folder>' ? folder : a)),
          { DATABASE_URL: url, DB_CONNECT_TIMEOUT: '1', MIGRATIONS_DIR: folder, PORT: '0' },
          60_000,
        )
        const text = run.output.join('\n')
        expect({ code: run.code, signal: run.signal }, text).toEqual({ code: 6, signal: null })
        const failure = run.output.map((l) => JSON.parse(l)).find((l) => l.code === 'SVC_DB_UNREACHABLE')
        // It gave up because DB_CONNECT_TIMEOUT passed (a wrong server is retried, with backoff, until then).
        expect(failure?.elapsedMs).toBeGreaterThanOrEqual(1000)
        expect(failure?.attempts).toBeGreaterThanOrEqual(1)
        expect(failure?.msg).toContain(`127.0.0.1:${server.port}/orders`)
        expect(failure?.msg).toMatch(reasons[kind])
        expect(text).not.toContain('s3cret-pw')
        // A client that reconnects without pause opens thousands of connections in a second.
        expect(server.accepted()).toBeLessThan(40)
      },
    )
  },
)

describe('a pool whose server stops speaking PostgreSQL', () => {
  it.for([
    ['http', 'SVC_DB_NOT_POSTGRES'],
    ['closes-at-once', 'SVC_DB_CLOSED_IN_STARTUP'],
  ] as const)(
    'rejects a query on a %s server with %s instead of reconnecting forever',
    async ([kind, code], context) => {
      const { expect } = context
      const { server, url } = await fake(kind, context)
      const sql = createSql(loadDatabaseConfig({ DATABASE_URL: url, DB_CONNECT_TIMEOUT: '5' }), {
        applicationName: 'test',
      })
      try {
        await expect(sql`SELECT 1`).rejects.toMatchObject({ code })
        expect(server.accepted()).toBe(1)
      } finally {
        await sql.end({ timeout: 0 })
      }
    },
  )
})
