import { hash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MigrationJournalInvalidError, NoMigrationFilesError } from '../errors.js'

/** The separator drizzle-kit writes between statements. */
const BREAKPOINT = '--> statement-breakpoint'

/** One migration as drizzle-kit wrote it, identified the way drizzle identifies it. */
export interface BundledMigration {
  /** Position in the journal (0-based): the order a fresh database receives migrations in. */
  index: number
  /** The journal tag, which is also the file name without `.sql`, e.g. `0001_add_status`. */
  tag: string
  /** The journal's `when` (ms); drizzle stores it as `created_at` and it keys a row to its file. */
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
  migrations: BundledMigration[]
  /** `.sql` files the journal does not list: drizzle ignores them, which is usually a merge mistake. */
  unlistedFiles: string[]
}

interface JournalEntry {
  idx: number
  when: number
  tag: string
  breakpoints?: boolean
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
 * Reads drizzle-kit's output folder (`*.sql` + `meta/_journal.json`). Synchronous I/O on purpose:
 * a thousand small awaited reads cost several times more, and this runs once, before serving.
 */
export async function readMigrationBundle(folder: string): Promise<MigrationBundle> {
  const entries = readJournal(folder)
  const migrations: BundledMigration[] = []
  const seenWhen = new Map<number, string>()
  for (const [index, entry] of entries.entries()) {
    const other = seenWhen.get(entry.when)
    if (other !== undefined) {
      throw new MigrationJournalInvalidError(
        `Migrations ${other} and ${entry.tag} share the journal timestamp ${entry.when}; drizzle cannot tell their rows apart. Give one of them a new "when" in meta/_journal.json before it is applied anywhere.`,
        { folder, tags: [other, entry.tag] },
      )
    }
    seenWhen.set(entry.when, entry.tag)
    const file = join(folder, `${entry.tag}.sql`)
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (cause) {
      throw new MigrationJournalInvalidError(
        `The journal lists ${entry.tag} but ${file} cannot be read. Restore the file or regenerate with drizzle-kit.`,
        { folder, tag: entry.tag },
        { cause },
      )
    }
    migrations.push(bundledMigration(index, entry, text))
  }
  if (migrations.length === 0) {
    throw new NoMigrationFilesError(
      `No migrations in ${folder}: the journal is empty. Generate them with \`pnpm exec drizzle-kit generate\` and rebuild the image.`,
      { folder },
    )
  }
  const listed = new Set(migrations.map((m) => `${m.tag}.sql`))
  const unlistedFiles = readdirSync(folder)
    .filter((f) => f.endsWith('.sql') && !listed.has(f))
    .sort()
  return { folder, migrations, unlistedFiles }
}

const sources = new WeakMap<BundledMigration, string>()

/** The file's text as read, for drift diagnostics (line endings, BOM). */
export function migrationSource(m: BundledMigration): string | undefined {
  return sources.get(m)
}

/** Statements are split on first use: a service only verifies and never needs them. */
function bundledMigration(index: number, entry: JournalEntry, text: string): BundledMigration {
  let statements: string[] | undefined
  const m: BundledMigration = {
    index,
    tag: entry.tag,
    createdAt: entry.when,
    hash: hashMigration(text),
    get statements() {
      statements ??= splitStatements(text)
      return statements
    },
  }
  sources.set(m, text)
  return m
}

function readJournal(folder: string): JournalEntry[] {
  const path = join(folder, 'meta', '_journal.json')
  let raw: string
  try {
    raw = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new NoMigrationFilesError(
      `No migration files: ${path} is missing. The image must contain the service's drizzle/ folder (copy it in the Dockerfile), or set MIGRATIONS_DIR.`,
      { folder },
      { cause },
    )
  }
  let journal: unknown
  try {
    journal = JSON.parse(raw)
  } catch (cause) {
    throw new MigrationJournalInvalidError(
      `${path} is not valid JSON: resolve the merge or regenerate it.`,
      { folder },
      { cause },
    )
  }
  const entries = (journal as { entries?: unknown }).entries
  if (!Array.isArray(entries) || !entries.every(isJournalEntry)) {
    throw new MigrationJournalInvalidError(
      `${path} has no valid "entries" list (each needs idx, when, tag). Regenerate it with drizzle-kit.`,
      { folder },
    )
  }
  return entries
}

function isJournalEntry(e: unknown): e is JournalEntry {
  const x = e as JournalEntry
  return typeof x === 'object' && x !== null && typeof x.tag === 'string' && Number.isSafeInteger(x.when)
}
