import * as z from 'zod/mini'
import { type DatabaseConfig, databaseEnvShape, toDatabaseConfig } from './database-config.js'
import { envBoolean, envInt, environmentName, envText, logLevel } from './env-fields.js'
import { parseEnv } from './parse-env.js'
import type { EnvironmentName, LogLevel } from './service-config.js'

const migrateEnvShape = {
  ...databaseEnvShape,
  LOG_LEVEL: logLevel,
  ENVIRONMENT: environmentName,
  MIGRATIONS_DIR: envText(),
  MIGRATIONS_STRICT: envBoolean(false),
  DB_FORCE_RECREATE: envBoolean(false),
  MIGRATION_LOCK_TIMEOUT: envInt(5_000, 0, 3_600_000),
  MIGRATION_STATEMENT_TIMEOUT: envInt(600_000, 0, 86_400_000),
  MIGRATION_LOCK_RETRIES: envInt(5, 0, 100),
  MIGRATION_ADVISORY_LOCK_WAIT: envInt(300, 0, 86_400),
  DB_RUNTIME_ROLE: z.optional(
    z
      .string()
      .check(z.regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lower-case PostgreSQL role name' })),
  ),
}

/** Configuration of the migration Job (and of `migrate status|verify|wait`). */
export interface MigrateConfig {
  environment: EnvironmentName
  logLevel: LogLevel
  database: DatabaseConfig
  migrationsDir: string | undefined
  /** Fail `verify`/`wait` when the database holds migrations this build does not know. */
  strict: boolean
  /** Drop and re-create the service's schemas before migrating; refused in production. */
  forceRecreate: boolean
  /** `lock_timeout` for each migration statement, so DDL never queues behind live traffic for long. */
  lockTimeoutMs: number
  /** `statement_timeout` for each migration statement (0 = none). */
  statementTimeoutMs: number
  /** How often a migration whose lock timed out is retried before the run fails. */
  lockRetries: number
  /** How long to wait for another runner's advisory lock, in milliseconds. */
  advisoryLockWaitMs: number
  /** The service's runtime role, granted DML on what the migrations create (optional). */
  runtimeRole: string | undefined
}

export function loadMigrateConfig(env: NodeJS.ProcessEnv = process.env): MigrateConfig {
  const parsed = parseEnv(z.object(migrateEnvShape), env)
  return {
    environment: parsed.ENVIRONMENT,
    logLevel: parsed.LOG_LEVEL,
    database: toDatabaseConfig(parsed),
    migrationsDir: parsed.MIGRATIONS_DIR,
    strict: parsed.MIGRATIONS_STRICT,
    forceRecreate: parsed.DB_FORCE_RECREATE,
    lockTimeoutMs: parsed.MIGRATION_LOCK_TIMEOUT,
    statementTimeoutMs: parsed.MIGRATION_STATEMENT_TIMEOUT,
    lockRetries: parsed.MIGRATION_LOCK_RETRIES,
    advisoryLockWaitMs: parsed.MIGRATION_ADVISORY_LOCK_WAIT * 1000,
    runtimeRole: parsed.DB_RUNTIME_ROLE,
  }
}
