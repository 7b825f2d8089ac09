import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { MigrationJournalInvalidError, NoMigrationFilesError } from '../errors.js'
import { folderNameForJournalEntry } from './folder-layout.js'
import { type BundledMigration, bundledMigration } from './migration-bundle.js'

interface JournalEntry {
  idx: number
  when: number
  tag: string
  breakpoints?: boolean
}

/**
 * Reads drizzle-kit 0.x's layout (`*.sql` + `meta/_journal.json`), in journal order. Synchronous I/O
 * on purpose: a thousand small awaited reads cost several times more, and this runs once, before serving.
 */
export function readJournalLayout(folder: string): {
  migrations: BundledMigration[]
  unlistedFiles: string[]
} {
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
    // `name` is what drizzle-orm 1.0 will call this migration once `drizzle-kit up` has moved it.
    const name = () => folderNameForJournalEntry(entry.tag, entry.when)
    migrations.push(bundledMigration(index, { tag: entry.tag, when: entry.when, name }, text))
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
  return { migrations, unlistedFiles }
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
