import { loadServiceConfig, type ServiceConfig } from '@bakery/service-base'

/** inventory needs only the base settings (DATABASE_URL, PORT, HOST, LOG_LEVEL, ...). */
export type InventoryConfig = ServiceConfig

/** Parses the environment once, reporting every problem together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  return loadServiceConfig(env)
}
