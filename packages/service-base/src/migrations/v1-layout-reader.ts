import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { MigrationJournalInvalidError } from '../errors.js'
import { folderMillis } from './folder-layout.js'
import { type BundledMigration, bundledMigration } from './migration-bundle.js'

/**
 * Reads drizzle-kit 1.0's layout: every `<YYYYMMDDHHmmss>_<name>/migration.sql`, ordered by folder
 * name with the same `localeCompare` drizzle-orm 1.0's `readMigrationFiles` uses, so a fresh database
 * receives them in drizzle's order. The folder name is the migration's `tag` and `name`; its
 * timestamp, to the second, is `created_at`, exactly as drizzle-orm 1.0 records them.
 */
export function readV1Layout(folder: string): { migrations: BundledMigration[]; unlistedFiles: string[] } {
  const entries = readdirSync(folder)
  const names = entries.filter((n) => existsSync(join(folder, n, 'migration.sql')))
  names.sort((a, b) => a.localeCompare(b))
  const migrations = names.map((name, index): BundledMigration => {
    const when = folderMillis(name)
    if (Number.isNaN(when)) {
      throw new MigrationJournalInvalidError(
        `Migration folder ${name} does not start with a 14-digit UTC timestamp (YYYYMMDDHHmmss), so drizzle cannot date or order it. Rename it the way drizzle-kit generate names folders before it is applied anywhere.`,
        { folder, tag: name },
      )
    }
    const text = readFileSync(join(folder, name, 'migration.sql'), 'utf8')
    return bundledMigration(index, { tag: name, when, name }, text)
  })
  // drizzle 1.0 runs only `<folder>/migration.sql`: loose .sql files and folders without one never run.
  const unlistedFiles = entries
    .filter((n) => !names.includes(n) && n !== 'meta')
    .filter((n) => n.endsWith('.sql') || statSync(join(folder, n)).isDirectory())
    .map((n) => (n.endsWith('.sql') ? n : `${n}/`))
    .sort()
  return { migrations, unlistedFiles }
}
