import { appendFile, rm, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ExitCode } from '../src/errors.js'
import { writeMigrationManifest } from '../src/migrations/build-files.js'
import { syntheticMigrations, temporaryMigrationFolders } from '../src/testing/migration-folder.js'
import { runNode } from '../src/testing/service-process.js'
import { databasePerTest, migrate } from './helpers.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const db = databasePerTest()

const folders = temporaryMigrationFolders()
afterAll(folders.removeAll)
const writeMigrationFolder = folders.write

const specs = [
  { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY, name text);' },
  { tag: '0001_notes', sql: 'ALTER TABLE items ADD COLUMN note text;' },
]

/** Starts the example service on `folder` with the build manifest `manifest`; the process's fatal line. */
async function start(url: string, folder: string, manifest: string) {
  const run = await runNode(here, ['fixtures/example-service.mjs'], {
    DATABASE_URL: url,
    MIGRATIONS_DIR: folder,
    MIGRATIONS_MANIFEST: manifest,
    PORT: '0',
  })
  const fatal = run.output.map((l) => JSON.parse(l)).filter((l) => l.level >= 50)
  return { code: run.code, fatal }
}

describe('a service started with the build manifest of its migrations', () => {
  it('still names drift when a file changed after the build, though the journal matches the build', async () => {
    const d = await db()
    const folder = await writeMigrationFolder(specs)
    await migrate(d.url, folder)
    const manifest = join(folder, 'meta', 'migration-manifest.json')
    await writeMigrationManifest(folder, manifest)
    const file = join(folder, '0001_notes.sql')
    await appendFile(file, '\nALTER TABLE items ADD COLUMN extra text;')
    await utimes(file, new Date(), new Date(Date.now() + 5000))
    const { code, fatal } = await start(d.url, folder, manifest)
    expect(code).toBe(ExitCode.drift)
    expect(fatal).toHaveLength(1)
    expect(fatal[0]).toMatchObject({
      code: 'SVC_DB_MIGRATION_DRIFT',
      msg: expect.stringContaining('0001_notes'),
    })
  })

  it('names what is pending when the manifest is of an older build of the folder', async () => {
    const d = await db()
    const older = await writeMigrationFolder(specs.slice(0, 1))
    const manifest = join(older, 'meta', 'migration-manifest.json')
    await writeMigrationManifest(older, manifest)
    await migrate(d.url, older)
    const { code, fatal } = await start(d.url, await writeMigrationFolder(specs, older), manifest)
    expect(code).toBe(3)
    expect(fatal[0]).toMatchObject({
      code: 'SVC_DB_MIGRATIONS_PENDING',
      msg: expect.stringContaining('0001_notes'),
    })
  })
})

describe('a service whose migration folder no longer holds what its manifest lists', () => {
  it('fails at once with the folder error, without waiting out the database retries', async () => {
    // Enough files that the refused statement is being retried by the time the folder check ends.
    const many = syntheticMigrations(400)
    const folder = await writeMigrationFolder(many)
    const manifest = join(folder, 'meta', 'migration-manifest.json')
    await writeMigrationManifest(folder, manifest)
    const gone = many.at(-1)?.tag ?? ''
    await rm(join(folder, `${gone}.sql`))
    const started = Date.now()
    // Nothing listens on port 9: the statement, sent before the folder is checked, is refused and
    // would be retried until DB_CONNECT_TIMEOUT (30 s).
    const run = await runNode(here, ['fixtures/example-service.mjs'], {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:9/x',
      DB_CONNECT_TIMEOUT: '30',
      MIGRATIONS_DIR: folder,
      MIGRATIONS_MANIFEST: manifest,
      PORT: '0',
    })
    const fatal = run.output.map((l) => JSON.parse(l)).filter((l) => l.level >= 50)
    expect(run.code).toBe(ExitCode.notReady)
    expect(fatal).toHaveLength(1)
    expect(fatal[0]).toMatchObject({ code: 'SVC_DB_JOURNAL_INVALID', msg: expect.stringContaining(gone) })
    // A wide bound, so a loaded machine cannot fail it: the retries alone would take 30 s.
    expect(Date.now() - started).toBeLessThan(20_000)
  })
})
