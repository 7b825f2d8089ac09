import { envHttpUrl, envInt, loadServiceConfigWith, type ServiceConfig } from '@bakery/service-base'

export type ExternalConfig = ServiceConfig & {
  weatherProvider: {
    /** Base URL of an Open-Meteo compatible API; `/v1/forecast` is appended. */
    url: string
    /** Whole request budget (connect + response body), in milliseconds. */
    timeoutMs: number
  }
}

/** Parses the chassis settings and the external service's own, reporting every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ExternalConfig {
  return loadServiceConfigWith(
    {
      WEATHER_PROVIDER_URL: envHttpUrl('https://api.open-meteo.com'),
      WEATHER_PROVIDER_TIMEOUT_MS: envInt(10_000, 100, 120_000),
    },
    (e) => ({ weatherProvider: { url: e.WEATHER_PROVIDER_URL, timeoutMs: e.WEATHER_PROVIDER_TIMEOUT_MS } }),
    env,
  )
}
