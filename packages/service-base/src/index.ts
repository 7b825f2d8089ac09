/** The service chassis: config, logging, the database pool, verification, health, metrics, shutdown. */
export {
  type DatabaseConfig,
  loadDatabaseConfig,
  redactUrl,
} from './config/database-config.js'
export { envBoolean, envHttpUrl, envInt, envText, postgresUrl } from './config/env-fields.js'
export { parseEnv } from './config/parse-env.js'
export {
  type EnvironmentName,
  type LogLevel,
  loadServiceConfig,
  loadServiceConfigWith,
  type ServiceConfig,
} from './config/service-config.js'
export { DatabaseManager } from './database/database-manager.js'
export { prepareOnce } from './database/prepared-query.js'
export * from './errors.js'
export { createLogger, type Logger } from './logger.js'
export type { VerificationResult } from './migrations/verify-database.js'
export { BaseService, runService } from './service/base-service.js'
export { type BuildOptions, buildServiceApp } from './service/build-service-app.js'
export type { SchemaCompilation } from './service/schema-compilers.js'
export { defineService, type ServiceContext, type ServiceDefinition } from './service/service-definition.js'
export type { ServiceState } from './service/service-state.js'
