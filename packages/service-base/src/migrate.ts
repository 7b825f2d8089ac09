/**
 * The migration engine, without Fastify: what a service's `migrate.ts` (the Kubernetes Job, the init
 * container, a terminal) imports.
 */
export { loadMigrateConfig, type MigrateConfig } from './config/migrate-config.js'
export * from './errors.js'
export { ExitCode } from './errors.js'
export { type DatabaseState, readDatabaseState } from './migrations/database-state.js'
export { type ExecutionPlans, readExecutionPlans } from './migrations/execution-plans.js'
export { MIGRATE_USAGE, type MigrateCliOptions, runMigrateCli } from './migrations/migrate-cli.js'
export {
  type BundledMigration,
  hashMigration,
  type MigrationBundle,
  readMigrationBundle,
} from './migrations/migration-bundle.js'
export { type AppliedRow, type MigrationPlan, planMigrations } from './migrations/migration-plan.js'
export { describeStatus, formatStatus, type MigrationStatus } from './migrations/migration-status.js'
export {
  type RunMigrationsOptions,
  type RunMigrationsResult,
  runMigrations,
} from './migrations/run-migrations.js'
export {
  loadSqlParser,
  parseStatements,
  type SqlStatement,
  type StatementKind,
} from './migrations/sql-statements.js'
export {
  evaluateVerification,
  type VerificationResult,
  verifyDatabase,
} from './migrations/verify-database.js'
