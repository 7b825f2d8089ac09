/** Test helpers: a real PostgreSQL server and a fresh database per test file. */
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
export { postgresTestPreset } from './testing/vitest-preset.js'
