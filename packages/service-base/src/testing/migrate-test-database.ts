import { loadMigrateConfig } from '../config/migrate-config.js'
import { createLogger } from '../logger.js'
import { readMigrationBundle } from '../migrations/migration-bundle.js'
import { type RunMigrationsResult, runMigrations } from '../migrations/run-migrations.js'

/** Applies a service's migrations to the database at `url` with the real runner, quietly. */
export async function migrateTestDatabase(options: {
  url: string
  service: string
  migrationsFolder: string
}): Promise<RunMigrationsResult> {
  return runMigrations({
    service: options.service,
    bundle: await readMigrationBundle(options.migrationsFolder),
    config: loadMigrateConfig({ DATABASE_URL: options.url, DB_CONNECT_TIMEOUT: '5' }),
    log: createLogger({ name: `${options.service}-migrate`, level: 'silent', pretty: false }),
  })
}
