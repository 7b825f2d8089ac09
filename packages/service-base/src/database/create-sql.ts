import postgres, { type Options, type Sql } from 'postgres'
import type { DatabaseConfig } from '../config/database-config.js'

/**
 * A postgres.js client with the platform's defaults. `fetch_types` is off: it costs a round trip on
 * every new connection and our schemas use no custom array types.
 */
export function createSql(
  config: DatabaseConfig,
  options: { applicationName: string; max?: number } & Partial<Options<Record<string, never>>>,
): Sql {
  const { applicationName, max, ...rest } = options
  return postgres(config.url, {
    max: max ?? config.poolMax,
    idle_timeout: config.idleTimeoutSeconds || undefined,
    connect_timeout: Math.max(1, Math.min(10, Math.ceil(config.connectTimeoutMs / 1000) || 1)),
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: applicationName },
    ...rest,
  })
}
