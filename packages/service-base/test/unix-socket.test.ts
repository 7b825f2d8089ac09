import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDatabaseConfig } from '../src/config/database-config.js'
import { createSql } from '../src/database/create-sql.js'
import { type RunningPostgres, startEmbeddedPostgres } from '../src/testing/embedded-postgres.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { runNode } from '../src/testing/service-process.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.js'

const here = fileURLToPath(new URL('.', import.meta.url))
let pg: RunningPostgres
let socketDir: string
let database: TestDatabase
beforeAll(async () => {
  socketDir = await mkdtemp(join(tmpdir(), 'bakery-sock-'))
  // As root the server runs as `postgres`, which must create its socket file here.
  await chmod(socketDir, 0o777)
  pg = await startEmbeddedPostgres({ fast: true, settings: { unix_socket_directories: socketDir } })
  database = await createTestDatabase(pg.adminUrl, 'sock')
}, 120_000)
afterAll(async () => {
  await database?.drop()
  await pg?.stop()
  await rm(socketDir, { recursive: true, force: true })
})

/** libpq's Unix-socket URL forms, each pointing at the server's socket file in `socketDir`. */
const forms = () => [
  `postgres://postgres:postgres@/${database.name}?host=${socketDir}&port=${pg.port}`,
  `postgresql:///${database.name}?host=${socketDir}&port=${pg.port}&user=postgres&password=postgres`,
  `postgres://postgres:postgres@${encodeURIComponent(socketDir)}:${pg.port}/${database.name}`,
]

describe("libpq's Unix-socket URLs", () => {
  it('connect through the socket file, not TCP, in every form', async () => {
    for (const url of forms()) {
      const sql = createSql(loadDatabaseConfig({ DATABASE_URL: url }), { applicationName: 'socket-test' })
      try {
        // inet_server_addr() is NULL exactly when the session came through a Unix socket.
        const [row] = await sql`SELECT inet_server_addr() AS addr, current_database() AS db`
        expect(row, url).toEqual({ addr: null, db: database.name })
      } finally {
        await sql.end()
      }
    }
  })

  it('are accepted by migrate.js, which applies and verifies through the socket', async () => {
    const folder = await writeMigrationFolder([{ tag: '0000_items', sql: 'CREATE TABLE items (id int);' }])
    const [url] = forms()
    const env = { DATABASE_URL: url ?? '', DB_CONNECT_TIMEOUT: '5' }
    const apply = await runNode(here, ['fixtures/migrate-cli.mjs', folder], env, 30_000)
    expect(apply.code, apply.output.join('\n')).toBe(0)
    const verify = await runNode(here, ['fixtures/migrate-cli.mjs', folder, 'verify', '--json'], env, 30_000)
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, currentRevision: '0000_items' })
    expect(verify.output.join('\n')).not.toContain('postgres:postgres')
  })
})
