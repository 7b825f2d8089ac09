import { appendFile, mkdir, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { syntheticMigrations, temporaryMigrationFolders } from '../testing/migration-folder.js'
import { writeMigrationManifest } from './build-files.js'
import { type ExpectedJournal, expectedJournal } from './journal-digest.js'
import { openManifestedFolder } from './manifested-folder.js'
import { type MigrationBundle, readMigrationBundle } from './migration-bundle.js'

const folders = temporaryMigrationFolders()
afterAll(folders.removeAll)
const writeMigrationFolder = folders.write

/** A folder of three migrations and its manifest, as the service build writes them. */
async function builtFolder() {
  const folder = await writeMigrationFolder(syntheticMigrations(3))
  const manifest = join(folder, 'meta', 'migration-manifest.json')
  await writeMigrationManifest(folder, manifest)
  return { folder, manifest }
}

const identity = (b: Awaited<ReturnType<typeof readMigrationBundle>>) => ({
  layout: b.layout,
  unlistedFiles: b.unlistedFiles,
  migrations: b.migrations.map((m) => ({ tag: m.tag, name: m.name, createdAt: m.createdAt, hash: m.hash })),
})

/**
 * What a service's start reads (base-service.ts, without its statement): the bundle through its manifest where that holds (with the digests when every file is as built),
 * or exactly as readMigrationBundle reads it.
 */
async function readBundleWithManifest(
  folder: string,
  manifestFile: string,
): Promise<MigrationBundle & { digests?: ExpectedJournal }> {
  const opened = openManifestedFolder(folder, manifestFile)
  if (!opened) return readMigrationBundle(folder)
  const bundle = await opened.confirm()
  return bundle.migrations === opened.asBuilt() ? { ...bundle, digests: opened.digests } : bundle
}

describe('readBundleWithManifest', () => {
  it('reads a current manifest as the files read, with the digests, and the text on demand', async () => {
    const { folder, manifest } = await builtFolder()
    const plain = await readMigrationBundle(folder)
    const read = await readBundleWithManifest(folder, manifest)
    expect(identity(read)).toEqual(identity(plain))
    expect(read.digests).toEqual(expectedJournal(plain.migrations))
    expect(read.migrations[1]?.statements).toEqual(plain.migrations[1]?.statements)
  })

  it('hashes a file changed since the build, and gives no digests (they are computed again)', async () => {
    const { folder, manifest } = await builtFolder()
    const file = join(folder, `${syntheticMigrations(3)[1]?.tag}.sql`)
    await appendFile(file, '\n-- edited after the build')
    await utimes(file, new Date(), new Date(Date.now() + 5000))
    const read = await readBundleWithManifest(folder, manifest)
    expect(identity(read)).toEqual(identity(await readMigrationBundle(folder)))
    expect(read.digests).toBeUndefined()
  })

  it('reads the folder anew when the journal, the .sql files or the layout changed', async () => {
    const { folder, manifest } = await builtFolder()
    await writeFile(join(folder, 'stray.sql'), 'SELECT 1;')
    expect((await readBundleWithManifest(folder, manifest)).unlistedFiles).toEqual(['stray.sql'])
    await writeMigrationFolder(syntheticMigrations(4), folder)
    const read = await readBundleWithManifest(folder, manifest)
    expect(identity(read)).toEqual(identity(await readMigrationBundle(folder)))
  })

  it('refuses a folder that became half of a drizzle-kit up, as the plain read does', async () => {
    const { folder, manifest } = await builtFolder()
    await mkdir(join(folder, '20240101000000_moved'))
    await writeFile(join(folder, '20240101000000_moved', 'migration.sql'), 'SELECT 1;')
    await expect(readBundleWithManifest(folder, manifest)).rejects.toMatchObject({
      code: 'SVC_DB_JOURNAL_INVALID',
    })
    await rm(join(folder, '20240101000000_moved'), { recursive: true })
    await writeFile(join(folder, 'meta', 'migration.sql'), 'SELECT 1;')
    await expect(readBundleWithManifest(folder, manifest)).rejects.toMatchObject({
      code: 'SVC_DB_JOURNAL_INVALID',
    })
  })

  it('fails as the plain read does when a listed file is gone', async () => {
    const { folder, manifest } = await builtFolder()
    await rm(join(folder, `${syntheticMigrations(3)[2]?.tag}.sql`))
    const plain = await readMigrationBundle(folder).catch((err: { code: string }) => err.code)
    await expect(readBundleWithManifest(folder, manifest)).rejects.toMatchObject({ code: plain })
  })

  it('reads the files when the manifest is absent or not one', async () => {
    const { folder } = await builtFolder()
    const plain = identity(await readMigrationBundle(folder))
    expect(identity(await readBundleWithManifest(folder, join(folder, 'none.json')))).toEqual(plain)
    await writeFile(join(folder, 'meta', 'bad.json'), '{"format":1}')
    expect(identity(await readBundleWithManifest(folder, join(folder, 'meta', 'bad.json')))).toEqual(plain)
  })
})
