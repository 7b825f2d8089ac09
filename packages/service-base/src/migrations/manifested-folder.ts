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
 * A folder whose journal is the one its build manifest hashed: the digests of the journal as built
 * can go out with the state statement at once, while `confirm` checks the folder's entries and
 * stats its files.
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
   * Checks the folder's entries and stats every file (yielding to I/O first and between chunks), and
   * returns the bundle as it is now: `asBuilt` itself when everything is as recorded; a file whose
   * size or mtime differs is read and hashed; other entries than the build's, or a file gone, leave
   * the folder to readMigrationBundle (with its error). Anything but `asBuilt` itself means the
   * digests sent stand for the build's rows, not necessarily for this folder's.
   */
  confirm(): Promise<MigrationBundle>
}

/**
 * Opens `folder` through its manifest, or undefined (read it with readMigrationBundle) when the
 * manifest is absent, or the folder's journal is not the one the build hashed (or is not there).
 * Only the journal is read here, so the state statement can go out with the digests at once; the
 * rest of the folder is checked by `confirm` while it runs.
 */
export function openManifestedFolder(folder: string, manifestFile: string): ManifestedFolder | undefined {
  const manifest = loadMigrationManifest(manifestFile)
  if (!manifest) return undefined
  let journal: Buffer
  try {
    journal = readFileSync(journalPath(folder))
  } catch {
    return undefined
  }
  if (hash('sha256', journal, 'hex') !== manifest.journal) return undefined
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
      // The caller's statement is on its way: let its connection start before the folder is read.
      await yieldToIo()
      // Other .sql files, or an entry that now holds a drizzle 1.0 `migration.sql` (a half-finished
      // `drizzle-kit up`): the folder is read as if there were no manifest.
      if (!sameEntries(folder, manifest)) return readMigrationBundle(folder)
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
function sameEntries(folder: string, manifest: MigrationManifest): boolean {
  let entries: string[]
  try {
    entries = readdirSync(folder)
  } catch {
    return false
  }
  const expected = manifest.tags.length + manifest.unlistedFiles.length + manifest.otherEntries.length
  if (entries.length !== expected) return false
  const known = new Set([...manifest.unlistedFiles, ...manifest.otherEntries])
  for (const tag of manifest.tags) known.add(`${tag}.sql`)
  if (known.size !== entries.length || !entries.every((e) => known.has(e))) return false
  return manifest.otherEntries.every((e) => !existsSync(`${folder}/${e}/migration.sql`))
}
