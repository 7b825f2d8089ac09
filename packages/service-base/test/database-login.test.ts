import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { runNode } from '../src/testing/service-process.js'
import { startMigrateCli } from './cli-process.js'
import { connect, databasePerTest } from './helpers.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const db = databasePerTest()
let folder: string
let url: URL
const role = `login_${randomBytes(4).toString('hex')}`
const cannotLogin = `nologin_${randomBytes(4).toString('hex')}`
beforeAll(async () => {
  folder = await writeMigrationFolder([{ tag: '0000_items', sql: 'CREATE TABLE items (id int);' }])
  url = new URL((await db()).url)
  const admin = connect(url.toString())
  try {
    await admin.unsafe(`CREATE ROLE ${role} LOGIN PASSWORD 'right-pw'`)
    await admin.unsafe(`CREATE ROLE ${cannotLogin} NOLOGIN PASSWORD 'right-pw'`)
  } finally {
    await admin.end()
  }
})
afterAll(async () => {
  const admin = connect(url.toString())
  try {
    await admin.unsafe(`DROP ROLE IF EXISTS ${role}; DROP ROLE IF EXISTS ${cannotLogin}`)
  } finally {
    await admin.end()
  }
})

const urlWith = (changes: { user?: string; password?: string; database?: string }) => {
  const u = new URL(url)
  if (changes.user) u.username = changes.user
  if (changes.password) u.password = changes.password
  if (changes.database) u.pathname = `/${changes.database}`
  return u.toString()
}

const run = (args: string[], env: Record<string, string>) =>
  runNode(here, args, { LOG_LEVEL: 'debug', MIGRATIONS_DIR: folder, PORT: '0', ...env }, 20_000)

describe('a login the server refuses', () => {
  it.each([
    ['a wrong password (28P01)', role, 'wrong-pw', '28P01'],
    ['a role that may not log in (28000)', cannotLogin, 'right-pw', '28000'],
  ])(
    'with %s, every entry exits 11 at once with SVC_DB_AUTH_FAILED naming the user and the Secret',
    async (_, user, password, sqlState) => {
      const env = { DATABASE_URL: urlWith({ user, password }), DB_CONNECT_TIMEOUT: '60' }
      const runs = await Promise.all([
        run(['fixtures/migrate-cli.mjs', folder], env),
        run(['fixtures/migrate-cli.mjs', folder, 'verify'], env),
        run(['fixtures/migrate-cli.mjs', folder, 'wait', '--timeout', '60'], env),
        run(['fixtures/example-service.mjs'], env),
      ])
      for (const r of runs) {
        const text = r.output.join('\n')
        // Ended by itself (the 20 s kill is far below DB_CONNECT_TIMEOUT): nothing was retried.
        expect({ code: r.code, signal: r.signal }, text).toEqual({ code: 11, signal: null })
        const lines = r.output.map((l) => JSON.parse(l))
        const failure = lines.find((l) => l.code === 'SVC_DB_AUTH_FAILED')
        expect(failure).toMatchObject({ sqlState, target: expect.stringContaining(`${user}@`) })
        expect(failure.msg).toContain(`user "${user}"`)
        expect(failure.msg).toContain('Secret')
        expect(lines.filter((l) => /retrying/.test(l.msg))).toEqual([])
        expect(text).not.toMatch(/\n\s+at /)
        expect(text).not.toContain('wrong-pw')
        expect(text).not.toContain('right-pw')
      }
    },
  )
})

describe('a database that does not exist', () => {
  it('is named as missing, not unreachable, when it never appears (exit 6)', async () => {
    const missing = `missing_${randomBytes(4).toString('hex')}`
    const r = await run(['fixtures/migrate-cli.mjs', folder, 'verify'], {
      DATABASE_URL: urlWith({ database: missing }),
      DB_CONNECT_TIMEOUT: '1',
    })
    expect(r.code).toBe(6)
    const failure = r.output.map((l) => JSON.parse(l)).find((l) => l.level >= 50)
    expect(failure).toMatchObject({ code: 'SVC_DB_DATABASE_MISSING' })
    expect(failure.msg).toContain(`database "${missing}" does not exist`)
    expect(failure.msg).not.toContain('Cannot reach')
  })

  it('is retried until it is created, then the command succeeds', async () => {
    const late = await db()
    const name = `late_${randomBytes(4).toString('hex')}`
    const cli = startMigrateCli(folder, ['status', '--json'], {
      DATABASE_URL: urlWith({ database: name }),
      DB_CONNECT_TIMEOUT: '60',
    })
    try {
      await cli.waitForLog((l) => String(l.error).startsWith('3D000'))
      const admin = connect(late.url)
      try {
        await admin.unsafe(`CREATE DATABASE ${name}`)
      } finally {
        await admin.end()
      }
      const done = await cli.exited
      expect(done.code, JSON.stringify(cli.logs)).toBe(0)
      expect(JSON.parse(done.stdout)).toMatchObject({ ok: true, database: name })
    } finally {
      cli.kill()
      const admin = connect(late.url)
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end())
    }
  })
})
