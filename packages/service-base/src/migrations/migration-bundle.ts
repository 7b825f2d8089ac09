import { hash } from 'node:crypto'
import { detectMigrationLayout, type MigrationLayout } from './folder-layout.js'
import { readJournalLayout } from './journal-layout-reader.js'
import { readV1Layout } from './v1-layout-reader.js'

/** The separator drizzle-kit writes between statements. */
const BREAKPOINT = '--> statement-breakpoint'

/** One migration as drizzle-kit wrote it, identified the way drizzle identifies it. */
export interface BundledMigration {
  /**
   * Position (0-based) in the order a fresh database receives migrations: journal order, or in the
   * 1.0 layout folder-name order.
   */
  index: number
  /** The journal tag (file name without `.sql`, e.g. `0001_add_status`), or in the 1.0 layout the folder name. */
  tag: string
  /**
   * The `name` drizzle-orm 1.0 records: the folder name in the 1.0 layout; in the journal layout, the
   * folder name `drizzle-kit up` will give it. Optional so hand-built bundles (tests) still type-check.
   */
  name?: string
  /**
   * What drizzle stores as `created_at`: the journal's `when` (ms), or in the 1.0 layout the folder
   * name's timestamp (whole seconds).
   */
  createdAt: number
  /** sha256 of the whole file, exactly as drizzle-orm computes it. */
  hash: string
  /**
   * drizzle's units: the file split at its `--> statement-breakpoint` markers, as drizzle-orm runs
   * them. How they run (in a transaction or not) is PostgreSQL's parser's call: see planExecution.
   */
  readonly statements: string[]
}

export interface MigrationBundle {
  folder: string
  /** Which drizzle-kit layout the folder holds; absent means `journal` (hand-built bundles). */
  layout?: MigrationLayout
  migrations: BundledMigration[]
  /** `.sql` files (and, in the 1.0 layout, folders) drizzle never runs: usually a merge mistake. */
  unlistedFiles: string[]
}

/** Where a migration's identity comes from, in either layout. */
export interface MigrationSource {
  tag: string
  /** ms since the epoch, recorded as `created_at`. */
  when: number
  /** The name drizzle-orm 1.0 records (its folder name). */
  name: string
}

/** Hash of a migration file's text, identical to drizzle-orm's `readMigrationFiles`. */
export function hashMigration(text: string): string {
  // One-shot hash: the same digest as createHash().update().digest(), cheaper per small file.
  return hash('sha256', text, 'hex')
}

/** drizzle-orm's own split: on the breakpoint marker only (the marker is a comment to PostgreSQL). */
export function splitStatements(text: string): string[] {
  return text
    .split(BREAKPOINT)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/**
 * Reads drizzle-kit's output folder in either layout (see `folder-layout.ts`), detected on its own,
 * so a folder converted by drizzle-kit 1.0's `up` keeps working without a configuration change.
 */
export async function readMigrationBundle(folder: string): Promise<MigrationBundle> {
  const layout = detectMigrationLayout(folder)
  const read = layout === 'journal' ? readJournalLayout(folder) : readV1Layout(folder)
  return { folder, layout, ...read }
}

/** The file's text as read, for drift diagnostics (line endings, BOM). */
export function migrationSource(m: BundledMigration): string | undefined {
  return m instanceof FileMigration ? m.source() : undefined
}

/** A file whose hash is already known (a current build manifest): its text is read only if needed. */
export interface KnownFile {
  hash: string
  read: () => string
}

/**
 * A migration read from its file. A class, not an object literal with getters: a service start makes
 * one per bundled migration (1,000 literals with accessors took ~3 ms, instances ~0.3 ms).
 */
class FileMigration implements BundledMigration {
  readonly hash: string
  #name: string | (() => string)
  #text: string | undefined
  #file: string | KnownFile
  #statements: string[] | undefined

  constructor(
    readonly index: number,
    entry: Omit<MigrationSource, 'name'> & { name: string | (() => string) },
    file: string | KnownFile,
  ) {
    this.tag = entry.tag
    this.createdAt = entry.when
    this.#name = entry.name
    this.#file = file
    this.#text = typeof file === 'string' ? file : undefined
    this.hash = typeof file === 'string' ? hashMigration(file) : file.hash
  }

  readonly tag: string
  readonly createdAt: number

  get name(): string {
    if (typeof this.#name === 'function') this.#name = this.#name()
    return this.#name
  }

  get statements(): string[] {
    this.#statements ??= splitStatements(this.source())
    return this.#statements
  }

  source(): string {
    this.#text ??= (this.#file as KnownFile).read()
    return this.#text
  }
}

/**
 * Statements are split on first use, and a known file (see migration-manifest.ts) is read then:
 * a service only verifies and never needs them. A name given as a function is computed on first
 * use too (a journal's names are derived, and needed only to match drizzle 1.0 rows).
 */
export function bundledMigration(
  index: number,
  entry: Omit<MigrationSource, 'name'> & { name: string | (() => string) },
  file: string | KnownFile,
): BundledMigration {
  return new FileMigration(index, entry, file)
}
