import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { MigrationJournalInvalidError, NoMigrationFilesError } from '../errors.js'

/**
 * The two folder layouts drizzle-kit writes:
 * - `journal` (drizzle-kit 0.x): `<tag>.sql` files listed in `meta/_journal.json`;
 * - `folders` (drizzle-kit 1.0, and what `drizzle-kit up` converts to): one `<YYYYMMDDHHmmss>_<name>/`
 *   folder per migration holding `migration.sql` and `snapshot.json`, no journal.
 */
export type MigrationLayout = 'journal' | 'folders'

/** Tells which layout `folder` holds, the same way drizzle-orm 1.0's migrator does: a journal wins. */
export function detectMigrationLayout(folder: string): MigrationLayout {
  const journal = join(folder, 'meta', '_journal.json')
  let dirs: string[]
  try {
    // Only sub-folders can be migrations: a journal folder of a thousand .sql files costs no stat each.
    dirs = readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => e.name)
  } catch (cause) {
    throw new NoMigrationFilesError(
      `No migration files: ${folder} cannot be read (neither ${journal} nor <timestamp>_<name>/migration.sql folders). The image must contain the service's drizzle/ folder (copy it in the Dockerfile), or set MIGRATIONS_DIR.`,
      { folder },
      { cause },
    )
  }
  const migrationFolders = dirs.filter((n) => existsSync(join(folder, n, 'migration.sql')))
  if (existsSync(journal)) {
    // drizzle-orm 1.0 refuses a folder with a journal, drizzle-orm 0.x ignores the sub-folders: a
    // half-finished `drizzle-kit up` would make the two tools disagree about what is pending.
    if (migrationFolders.length > 0) {
      throw new MigrationJournalInvalidError(
        `${folder} holds both layouts: meta/_journal.json and ${migrationFolders.length} <timestamp>_<name>/migration.sql folders (${migrationFolders.slice(0, 3).join(', ')}). Finish the move with \`drizzle-kit up\` (1.0), or restore the folder from git.`,
        { folder, migrationFolders },
      )
    }
    return 'journal'
  }
  if (migrationFolders.length > 0) return 'folders'
  throw new NoMigrationFilesError(
    `No migration files: ${journal} is missing and ${folder} has no <timestamp>_<name>/migration.sql folder. The image must contain the service's drizzle/ folder (copy it in the Dockerfile), or set MIGRATIONS_DIR.`,
    { folder },
  )
}

/** Why a file of an `unlistedFiles` list never runs, in the terms of the folder's own layout. */
export function whyNeverRuns(layout: MigrationLayout = 'journal'): string {
  return layout === 'journal'
    ? 'is not listed in meta/_journal.json'
    : 'is not a <timestamp>_<name>/migration.sql folder, the only thing drizzle 1.0 runs'
}

/**
 * The folder name `drizzle-kit up` gives a journal entry, which is also the `name` drizzle-orm 1.0
 * records for it: `when` as UTC `YYYYMMDDHHmmss`, then the tag without its numeric prefix.
 */
export function folderNameForJournalEntry(tag: string, when: number): string {
  const [, ...rest] = tag.split('_')
  return `${formatFolderTimestamp(when)}_${rest.join('_')}`
}

function formatFolderTimestamp(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`
}

/** The `created_at` drizzle-orm 1.0 records for a folder: its 14-digit UTC prefix in ms, or NaN. */
export function folderMillis(name: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(name)
  if (!m) return Number.NaN
  return Date.UTC(+(m[1] ?? 0), +(m[2] ?? 0) - 1, +(m[3] ?? 0), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0))
}
