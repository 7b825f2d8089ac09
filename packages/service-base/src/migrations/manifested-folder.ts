import { hash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { setImmediate as yieldToIo } from 'node:timers/promises'
import { folderNameForJournalEntry } from './folder-layout.js'
import type { ExpectedJournal } from './journal-digest.js'
import {
  type BundledMigration,
  bundledMigration,
  type MigrationBundle,
  readMigrationBundle,
} from './migration-bundle.js'
import { journalPath, loadMigrationManifest, type MigrationManifest } from './migration-manifest.js'

/** Files stat'ed between two turns of the event loop, so a connection being opened keeps moving. */
const STAT_CHUNK = 100

/**
 * A folder whose build manifest holds for everything but the files' contents: the digests of the
 * journal as built can go out with the state statement at once, while `confirm` stats the files.
 */
export interface ManifestedFolder {
  /** The digests of the migrations as the build hashed them. */
  digests: ExpectedJournal
  /**
   * The migrations as the build hashed them: the rows a matching digest stands for. Made on first
   * use (1,000 of them take a few ms), so the statement can go out first.
   */
  asBuilt(): BundledMigration[]
  /**
   * Stats every file (yielding to I/O between chunks) and returns the bundle as it is now: `asBuilt`
   * itself when every file is as recorded; otherwise a file whose size or mtime differs is read and
   * hashed, and a file gone leaves it to readMigrationBundle, with its error.
   */
  confirm(): Promise<MigrationBundle>
}

/**
 * Opens `folder` through its manifest, or undefined (read it with readMigrationBundle) when the
 * manifest is absent or of another folder: another journal, other `.sql` files, or an entry that
 * now holds a drizzle 1.0 `migration.sql` (a half-finished `drizzle-kit up`).
 */
export function openManifestedFolder(folder: string, manifestFile: string): ManifestedFolder | undefined {
  const manifest = loadMigrationManifest(manifestFile)
  if (!manifest) return undefined
  let entries: string[]
  let journal: Buffer
  try {
    entries = readdirSync(folder)
    journal = readFileSync(journalPath(folder))
  } catch {
    return undefined
  }
  if (hash('sha256', journal, 'hex') !== manifest.journal || !sameEntries(folder, entries, manifest))
    return undefined
  let built: BundledMigration[] | undefined
  const asBuilt = () => {
    built ??= manifest.tags.map((tag, index) => {
      const file = `${folder}/${tag}.sql`
      return bundledMigration(index, entryAt(manifest, index), {
        hash: hashAt(manifest, index),
        read: () => read(file),
      })
    })
    return built
  }
  const bundleOf = (migrations: BundledMigration[]): MigrationBundle => ({
    folder,
    layout: 'journal',
    migrations,
    unlistedFiles: manifest.unlistedFiles,
  })
  return {
    digests: manifest.digests,
    asBuilt,
    async confirm() {
      const changed = await changedFiles(folder, manifest)
      if (changed === undefined) return readMigrationBundle(folder)
      if (changed.length === 0) return bundleOf(asBuilt())
      const now = [...asBuilt()]
      for (const index of changed) {
        now[index] = bundledMigration(
          index,
          entryAt(manifest, index),
          read(`${folder}/${manifest.tags[index]}.sql`),
        )
      }
      return bundleOf(now)
    },
  }
}

/** Indexes of the files whose size or mtime differs from the record; undefined when one is gone. */
async function changedFiles(folder: string, manifest: MigrationManifest): Promise<number[] | undefined> {
  const changed: number[] = []
  for (let index = 0; index < manifest.tags.length; index++) {
    if (index > 0 && index % STAT_CHUNK === 0) await yieldToIo()
    const stat = statSync(`${folder}/${manifest.tags[index]}.sql`, { throwIfNoEntry: false })
    if (!stat?.isFile()) return undefined
    if (stat.size !== manifest.sizes[index] || stat.mtimeMs !== manifest.mtimesMs[index]) changed.push(index)
  }
  return changed
}

const read = (file: string) => readFileSync(file, 'utf8')
const hashAt = (manifest: MigrationManifest, i: number) => manifest.hashes.slice(i * 64, i * 64 + 64)

function entryAt(manifest: MigrationManifest, index: number) {
  const tag = manifest.tags[index] ?? ''
  const when = manifest.createdAt[index] ?? Number.NaN
  // The drizzle 1.0 name, derived as the journal reader does: on first use only.
  return { tag, when, name: () => folderNameForJournalEntry(tag, when) }
}

/** The folder holds what it held at build time, and nothing in it became a 1.0 migration folder. */
function sameEntries(folder: string, entries: readonly string[], manifest: MigrationManifest): boolean {
  const expected = manifest.tags.length + manifest.unlistedFiles.length + manifest.otherEntries.length
  if (entries.length !== expected) return false
  const known = new Set([...manifest.unlistedFiles, ...manifest.otherEntries])
  for (const tag of manifest.tags) known.add(`${tag}.sql`)
  if (known.size !== entries.length || !entries.every((e) => known.has(e))) return false
  return manifest.otherEntries.every((e) => !existsSync(`${folder}/${e}/migration.sql`))
}
