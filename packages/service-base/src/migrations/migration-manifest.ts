import { hash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type ExpectedJournal, expectedJournal } from './journal-digest.js'
import { readMigrationBundle } from './migration-bundle.js'

/**
 * What the build knows about a migration folder, so a service start need not read and hash every
 * file (with 1,000 migrations that was most of the verification's time): each file's size, mtime and
 * sha256, the journal's sha256 and the journal digests (journal-digest.ts).
 *
 * It is used only where it is provably current (manifested-folder.ts): the journal must hash the same,
 * the folder must hold the same entries, and every file whose size or mtime differs from the record
 * is read and hashed as before. A stale or foreign manifest can only make a start slower, never its
 * verdict different. Only drizzle-kit 0.x's journal layout has one; a 1.0 folder layout is read as
 * before. A file edited in place to the same size with its mtime put back (a deliberate `touch -d`)
 * would go unnoticed, as it would by make or rsync.
 */
export interface MigrationManifest {
  format: number
  /** sha256 of meta/_journal.json: the same journal means the same tags, order and timestamps. */
  journal: string
  /** The journal's migrations in order; one column per field (1,000 objects parse several times slower). */
  tags: string[]
  createdAt: number[]
  /** Every file's sha256 (64 hex digits), concatenated in journal order. */
  hashes: string
  sizes: number[]
  mtimesMs: number[]
  /** What else the folder holds (meta/, a README): none of it may become a 1.0 migration folder. */
  otherEntries: string[]
  /** `.sql` files in the folder that the journal does not list. */
  unlistedFiles: string[]
  digests: ExpectedJournal
}

/** Bumped whenever the shape changes: a manifest of another format is ignored. */
const FORMAT = 2

export const journalPath = (folder: string) => join(folder, 'meta', '_journal.json')

/** Describes `folder` as it is now; undefined for a folder in drizzle 1.0's layout. */
export async function buildMigrationManifest(folder: string): Promise<MigrationManifest | undefined> {
  const bundle = await readMigrationBundle(folder)
  if (bundle.layout !== 'journal') return undefined
  const stats = bundle.migrations.map((m) => statSync(join(folder, `${m.tag}.sql`)))
  return {
    format: FORMAT,
    otherEntries: readdirSync(folder).filter((f) => !f.endsWith('.sql')),
    journal: hash('sha256', readFileSync(journalPath(folder)), 'hex'),
    tags: bundle.migrations.map((m) => m.tag),
    createdAt: bundle.migrations.map((m) => m.createdAt),
    hashes: bundle.migrations.map((m) => m.hash).join(''),
    sizes: stats.map((s) => s.size),
    mtimesMs: stats.map((s) => s.mtimeMs),
    unlistedFiles: bundle.unlistedFiles,
    digests: expectedJournal(bundle.migrations),
  }
}

/** Reads a manifest written by writeMigrationManifest (build-files.ts); none when absent, unreadable or of another format. */
export function loadMigrationManifest(file: string): MigrationManifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as MigrationManifest
    return parsed.format === FORMAT && Array.isArray(parsed.tags) ? parsed : undefined
  } catch {
    // Absent (running from src/, a folder the build never saw) or unreadable: read the files.
    return undefined
  }
}
