/** Test helpers: a real PostgreSQL server and a fresh database per test file. */
// Loads the `inject('postgresAdminUrl')` typing for every package that uses these helpers.

export {
  freePort,
  type RunningPostgres,
  type StartPostgresOptions,
  startEmbeddedPostgres,
} from './testing/embedded-postgres.js'
export { migrateTestDatabase } from './testing/migrate-test-database.js'
export { type MigrationSpec, syntheticMigrations, writeMigrationFolder } from './testing/migration-folder.js'
export {
  type ProcessExit,
  runNode,
  type ServiceProcess,
  startServiceProcess,
} from './testing/service-process.js'
export { createTestDatabase, type TestDatabase } from './testing/test-database.js'
export type {} from './testing/vitest-global-setup.js'
export { postgresTestPreset } from './testing/vitest-preset.js'
