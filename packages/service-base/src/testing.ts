/** Test helpers: a real PostgreSQL server and a fresh database per test file. */
// Loads the `inject('postgresAdminUrl')` typing for every package that uses these helpers.

export { checkSchemaMatchesMigrations, runDrizzleKit, type SchemaCheck } from './testing/drizzle-kit.js'
export {
  freePort,
  type RunningPostgres,
  type StartPostgresOptions,
  startEmbeddedPostgres,
} from './testing/embedded-postgres.js'
export {
  answerHostileRequest,
  type ContractRoute,
  countAllRows,
  expectedAnswer,
  type HostileRequest,
  hostileRequests,
  type SchemaSource,
  schemaSourceProblems,
  schemaSources,
} from './testing/http-contract.js'
export { migrateTestDatabase } from './testing/migrate-test-database.js'
export {
  copyMigrationsUpTo,
  type MigrationSpec,
  syntheticMigrations,
  temporaryMigrationFolders,
  writeMigrationFolder,
} from './testing/migration-folder.js'
export { createMigrationWorkspace, type MigrationWorkspace } from './testing/migration-workspace.js'
export { openApiDocumentProblems } from './testing/openapi-document.js'
export { locatePostgresBinaries, type PostgresBinaries } from './testing/postgres-binaries.js'
export { type ProcessTestDatabases, prepareProcessTest } from './testing/process-test.js'
export {
  type NodeProcess,
  type ProcessExit,
  runNode,
  type ServiceProcess,
  spawnNode,
  startServiceProcess,
} from './testing/service-process.js'
export { type StartTestAppOptions, startTestApp, type TestApp } from './testing/test-app.js'
export { createTestDatabase, type TestDatabase } from './testing/test-database.js'
export type {} from './testing/vitest-global-setup.js'
export { postgresTestPreset } from './testing/vitest-preset.js'
