/**
 * What the service build writes beside a service's bundle (`build-service`): never imported at run
 * time, so the migration Job and the service do not load what only writing needs.
 */
export { writeExecutionPlans, writeMigrationManifest } from './migrations/build-files.js'
export { buildMigrationManifest, type MigrationManifest } from './migrations/migration-manifest.js'
