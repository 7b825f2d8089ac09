import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copyMigrationsUpTo } from './migration-folder.js'
import { createTestDatabase, type TestDatabase } from './test-database.js'

/** Fresh databases and copies of `drizzle/` in a scratch directory for a service's migration tests, released together. */
export interface MigrationWorkspace {
  /** Creates a fresh, empty database that `close()` drops. */
  createDatabase(): Promise<TestDatabase>
  /** A copy of the service's migrations that stops after the first `count`: an older release. */
  copyMigrationsUpTo(count: number): Promise<string>
  /** Drops every database it created and removes its scratch directory. */
  close(): Promise<void>
}

/** Opens a workspace (sync, so a test file can make it at top level) with `<prefix>_<random>` databases. */
export function createMigrationWorkspace(options: {
  adminUrl: string
  prefix: string
  migrationsFolder: string
}): MigrationWorkspace {
  const dir = mkdtempSync(join(tmpdir(), `${options.prefix}-`))
  const databases: TestDatabase[] = []
  return {
    async createDatabase() {
      const database = await createTestDatabase(options.adminUrl, options.prefix)
      databases.push(database)
      return database
    },
    copyMigrationsUpTo(count) {
      return copyMigrationsUpTo(options.migrationsFolder, count, join(dir, `first-${count}`))
    },
    async close() {
      await Promise.all(databases.map((d) => d.drop()))
      await rm(dir, { recursive: true, force: true })
    },
  }
}
