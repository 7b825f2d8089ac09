import * as z from 'zod/mini'
import { type DatabaseConfig, databaseEnvShape, toDatabaseConfig } from './database-config.js'
import { envBoolean, envInt, environmentName, envText, logLevel } from './env-fields.js'
import { parseEnv } from './parse-env.js'

export type EnvironmentName = z.output<typeof environmentName>
export type LogLevel = z.output<typeof logLevel>

const serviceEnvShape = {
  ...databaseEnvShape,
  PORT: envInt(3000, 0, 65_535),
  HOST: z._default(z.string().check(z.minLength(1)), '0.0.0.0'),
  LOG_LEVEL: logLevel,
  ENVIRONMENT: environmentName,
  MIGRATIONS_DIR: envText(),
  MIGRATIONS_STRICT: envBoolean(false),
  MIGRATIONS_MANIFEST: envText(),
  SHUTDOWN_DELAY_MS: envInt(0, 0, 120_000),
  SHUTDOWN_TIMEOUT_MS: envInt(10_000, 100, 600_000),
  IDEMPOTENCY_TTL_HOURS: envInt(24, 1, 24 * 30),
  SCHEMAS_FILE: envText(),
  SCHEMAS_RECORD_TO: envText(),
  DOCS_UI: z.optional(z.enum(['true', 'false'], { error: 'must be true or false' })),
}

/** Configuration of a service process (the Deployment's container). */
export interface ServiceConfig {
  environment: EnvironmentName
  port: number
  host: string
  logLevel: LogLevel
  database: DatabaseConfig
  migrations: {
    /** Overrides the folder bundled with the service (`drizzle/`). */
    dir: string | undefined
    /** Refuse to start when the database holds migrations this build does not know. */
    strict: boolean
    /** The build's manifest of the folder (default: the bundle's own; see migration-manifest.ts). */
    manifest: string | undefined
  }
  shutdown: {
    /** Time between readiness turning 503 and the server closing, so load balancers notice. */
    delayMs: number
    /** Hard limit for a graceful shutdown; past it the process exits non-zero. */
    timeoutMs: number
  }
  idempotency: {
    /** How long an Idempotency-Key answers retries; older keys are purged and may be reused. */
    ttlSeconds: number
  }
  schemas: {
    /** Route schemas' build-time code to serve from (default in production: the bundle's own). */
    file: string | undefined
    /** Build time: write that code here and exit, never touching the database. */
    recordTo: string | undefined
  }
  docs: {
    /** Serve Swagger UI at /docs (the OpenAPI document at /docs/json is always served). */
    ui: boolean
  }
}

function toServiceConfig(env: z.output<z.ZodMiniObject<typeof serviceEnvShape>>): ServiceConfig {
  return {
    environment: env.ENVIRONMENT,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    database: toDatabaseConfig(env),
    migrations: { dir: env.MIGRATIONS_DIR, strict: env.MIGRATIONS_STRICT, manifest: env.MIGRATIONS_MANIFEST },
    shutdown: { delayMs: env.SHUTDOWN_DELAY_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
    idempotency: { ttlSeconds: env.IDEMPOTENCY_TTL_HOURS * 3600 },
    schemas: { file: env.SCHEMAS_FILE, recordTo: env.SCHEMAS_RECORD_TO },
    // A developer's browser wants the UI; production serves the document only unless asked.
    docs: { ui: env.DOCS_UI === undefined ? env.ENVIRONMENT !== 'production' : env.DOCS_UI === 'true' },
  }
}

/** Parses the base service settings from `env`, reporting every problem at once. */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return toServiceConfig(parseEnv(z.object(serviceEnvShape), env))
}

/**
 * Parses the base settings plus a service's own in one pass, so a person sees every problem in
 * one message. `map` turns the service's parsed variables into its config section.
 */
export function loadServiceConfigWith<S extends z.core.$ZodShape, T extends object>(
  shape: S,
  map: (parsed: z.output<z.ZodMiniObject<S>>) => T,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig & T {
  const parsed = parseEnv(z.object({ ...serviceEnvShape, ...shape }), env) as z.output<
    z.ZodMiniObject<typeof serviceEnvShape>
  > &
    z.output<z.ZodMiniObject<S>>
  return { ...toServiceConfig(parsed), ...map(parsed) }
}
