import * as z from 'zod/mini'
import { parsePostgresUrl } from '../database/postgres-url.js'
import { envInt, postgresUrl } from './env-fields.js'
import { parseEnv } from './parse-env.js'

export const databaseEnvShape = {
  DATABASE_URL: postgresUrl,
  DB_CONNECT_TIMEOUT: envInt(30, 0, 3600),
  DB_POOL_MAX: envInt(10, 1, 500),
  DB_IDLE_TIMEOUT: envInt(30, 0, 86_400),
}

/** How to reach the service's database. `url` holds the password: never log it. */
export interface DatabaseConfig {
  url: string
  /** Total time to keep retrying the first connection, in milliseconds. */
  connectTimeoutMs: number
  poolMax: number
  idleTimeoutSeconds: number
}

export function toDatabaseConfig(env: {
  DATABASE_URL: string
  DB_CONNECT_TIMEOUT: number
  DB_POOL_MAX: number
  DB_IDLE_TIMEOUT: number
}): DatabaseConfig {
  return {
    url: env.DATABASE_URL,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT * 1000,
    poolMax: env.DB_POOL_MAX,
    idleTimeoutSeconds: env.DB_IDLE_TIMEOUT,
  }
}

export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return toDatabaseConfig(parseEnv(z.object(databaseEnvShape), env))
}

/** The URL with its password masked, for logs and messages (libpq's Unix-socket forms included). */
export function redactUrl(url: string): string {
  try {
    parsePostgresUrl(url)
    // The password sits in the user info (`user:pw@`) or, libpq-style, in a `password=` parameter.
    return url
      .replace(/^([^:]+:\/\/[^:@/?#]*:)[^@/?#]*@/, '$1***@')
      .replace(/([?&]password=)[^&#]*/g, '$1***')
  } catch {
    return '(unparseable url)'
  }
}
