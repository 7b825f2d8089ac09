import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrateTestDatabase } from './migrate-test-database.js'
import { createTestDatabase, type TestDatabase } from './test-database.js'

/** The databases a test of a service's built processes (`dist/main.js`, `dist/migrate.js`) runs on. */
export interface ProcessTestDatabases {
  /** Never migrated: the service must refuse to start on it. */
  empty: TestDatabase
  /** For the processes under test; migrated up front only when `migrationsFolder` was given. */
  migrated: TestDatabase
  /** Drops both databases. */
  drop(): Promise<void>
}

/**
 * Fails fast, naming the build command, when the bundles are missing; then creates the `empty`
 * and `migrated` databases (migrating the latter with the real runner if `migrationsFolder` is set).
 */
export async function prepareProcessTest(options: {
  adminUrl: string
  service: string
  serviceDir: string
  migrationsFolder?: string
  entries?: string[]
}): Promise<ProcessTestDatabases> {
  const { adminUrl, service, serviceDir } = options
  for (const entry of options.entries ?? ['dist/main.js', 'dist/migrate.js']) {
    if (!existsSync(join(serviceDir, entry))) {
      const { name } = JSON.parse(readFileSync(join(serviceDir, 'package.json'), 'utf8'))
      throw new Error(`${entry} is missing: run \`pnpm --filter ${name} build\` before the tests`)
    }
  }
  const [migrated, empty] = await Promise.all([
    createTestDatabase(adminUrl, `${service}_proc`),
    createTestDatabase(adminUrl, `${service}_empty`),
  ])
  const drop = async () => {
    await Promise.all([migrated.drop(), empty.drop()])
  }
  if (options.migrationsFolder) {
    await migrateTestDatabase({
      url: migrated.url,
      service,
      migrationsFolder: options.migrationsFolder,
    }).catch(async (err) => {
      await drop()
      throw err
    })
  }
  return { empty, migrated, drop }
}
