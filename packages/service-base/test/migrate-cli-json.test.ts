import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../src/testing/embedded-postgres.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { runNode } from '../src/testing/service-process.js'
import { databasePerTest, migrate } from './helpers.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const db = databasePerTest()
const first = { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY);' }
const second = { tag: '0001_more', sql: 'CREATE TABLE more (id serial PRIMARY KEY);' }
let folder: string
beforeAll(async () => {
  folder = await writeMigrationFolder([first, second])
})

/** Runs `status --json` or `verify --json` and parses stdout whole: it must be one JSON document. */
async function json(command: 'status' | 'verify', env: Record<string, string>, dir = folder) {
  const run = await runNode(
    here,
    ['fixtures/migrate-cli.mjs', dir, command, '--json'],
    { LOG_LEVEL: 'info', DB_CONNECT_TIMEOUT: '1', ...env },
    20_000,
  )
  const stdoutLines = new Set(run.stdout.split('\n'))
  // Everything else the process printed is its log, on stderr, one JSON object a line.
  const logs = run.output.filter((l) => !stdoutLines.has(l)).map((l) => JSON.parse(l))
  return { code: run.code, doc: JSON.parse(run.stdout), logs }
}

type Setup = () => Promise<Record<string, string>>
const cases: Array<{
  name: string
  setup: Setup
  folder?: () => Promise<string>
  status: { code: number; doc: object }
  verify: { code: number; doc: object }
}> = [
  {
    name: 'a migrated database',
    setup: async () => {
      const d = await db()
      await migrate(d.url, folder)
      return { DATABASE_URL: d.url }
    },
    status: { code: 0, doc: { ok: true, counts: { applied: 2, pending: 0 } } },
    verify: { code: 0, doc: { ok: true, action: 'verified', currentRevision: '0001_more' } },
  },
  {
    name: 'a pending migration',
    setup: async () => {
      const d = await db()
      await migrate(d.url, await writeMigrationFolder([first]))
      return { DATABASE_URL: d.url }
    },
    status: { code: 0, doc: { ok: true, counts: { applied: 1, pending: 1 } } },
    verify: { code: 3, doc: { ok: false, exitCode: 3, error: { code: 'SVC_DB_MIGRATIONS_PENDING' } } },
  },
  {
    name: 'an edited applied migration',
    setup: async () => {
      const d = await db()
      await migrate(d.url, await writeMigrationFolder([{ ...first, sql: `${first.sql}\n-- before review` }]))
      return { DATABASE_URL: d.url }
    },
    status: { code: 0, doc: { ok: true, counts: { drifted: 1 } } },
    verify: { code: 4, doc: { ok: false, error: { code: 'SVC_DB_MIGRATION_DRIFT' } } },
  },
  {
    name: 'an unreachable server',
    setup: async () => ({ DATABASE_URL: `postgres://u:pw@127.0.0.1:${await freePort()}/x` }),
    status: { code: 6, doc: { ok: false, command: 'status', error: { code: 'SVC_DB_UNREACHABLE' } } },
    verify: { code: 6, doc: { ok: false, command: 'verify', error: { code: 'SVC_DB_UNREACHABLE' } } },
  },
  {
    name: 'a refused login',
    setup: async () => {
      const u = new URL((await db()).url)
      u.password = 'not-the-password'
      return { DATABASE_URL: u.toString() }
    },
    status: { code: 11, doc: { ok: false, error: { code: 'SVC_DB_AUTH_FAILED' } } },
    verify: { code: 11, doc: { ok: false, error: { code: 'SVC_DB_AUTH_FAILED' } } },
  },
  {
    name: 'invalid configuration',
    setup: async () => ({ DATABASE_URL: 'mysql://u:pw@h/db', DB_CONNECT_TIMEOUT: 'soon' }),
    status: { code: 9, doc: { ok: false, error: { code: 'SVC_CONFIG_INVALID' } } },
    verify: { code: 9, doc: { ok: false, error: { code: 'SVC_CONFIG_INVALID' } } },
  },
]

describe('--json prints exactly one JSON document on stdout, logs on stderr', () => {
  it.each(cases)('status and verify on $name', async ({ setup, status, verify }) => {
    const env = await setup()
    const [s, v] = await Promise.all([json('status', env), json('verify', env)])
    expect({ code: s.code, doc: s.doc }).toMatchObject(status)
    expect({ code: v.code, doc: v.doc }).toMatchObject(verify)
    for (const run of [s, v]) {
      if (!run.doc.ok) {
        expect(run.doc.error.message).toEqual(expect.any(String))
        // The failure is also logged, on stderr, with the same code.
        expect(run.logs.some((l) => l.code === run.doc.error.code && l.level >= 50)).toBe(true)
      }
    }
  })
})
