import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The migration SQL files under `path` (a file is itself), in either layout drizzle-kit writes:
 * 0.x's top-level `<tag>.sql` files and 1.0's `<timestamp>_<name>/migration.sql` folders (what
 * `drizzle-kit up` converts to), the way service-base's `detectMigrationLayout` tells them. A folder
 * holding both is linted whole: the migration runner, not the lint, refuses the mix.
 */
export async function migrationFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path]
  const entries = await readdir(path, { withFileTypes: true })
  const files: string[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && entry.name.endsWith('.sql')) files.push(join(path, entry.name))
    else if (entry.isDirectory() || entry.isSymbolicLink()) {
      const migration = join(path, entry.name, 'migration.sql')
      if (await isFile(migration)) files.push(migration)
    }
  }
  return files
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  )
}
