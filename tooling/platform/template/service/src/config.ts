import { loadServiceConfig, type ServiceConfig } from '@bakery/service-base'

/** The __name__ service needs only the chassis settings (DATABASE_URL, PORT, LOG_LEVEL, ...). */
export type __Name__Config = ServiceConfig

/** Parses the environment once, reporting every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): __Name__Config {
  return loadServiceConfig(env)
}
