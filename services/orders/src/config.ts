import { loadServiceConfig, type ServiceConfig } from '@bakery/service-base'

/** The orders service needs only the chassis settings (DATABASE_URL, PORT, LOG_LEVEL, ...). */
export type OrdersConfig = ServiceConfig

/** Parses the environment once, reporting every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrdersConfig {
  return loadServiceConfig(env)
}
