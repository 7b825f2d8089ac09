import type { WeatherCondition } from '../domain/weather-day.js'

/** Where and which local days to fetch. Coordinates are the exact decimals stored for the location. */
export interface DailyWeatherRequest {
  latitude: string
  longitude: string
  /** IANA zone: days are the location's local days. */
  timezone: string
  from: string
  to: string
}

/** One local day as a provider reports it, already in our units (°C, mm). */
export interface ProviderWeatherDay {
  date: string
  tempMinC: number
  tempMaxC: number
  precipitationMm: number | null
  condition: WeatherCondition | null
}

export interface DailyWeatherResult {
  days: ProviderWeatherDay[]
  /** Days in the range the provider had no temperatures for; they are not ingested. */
  missingDates: string[]
}

/**
 * A source of daily weather. Implementations throw `ProviderError` (502/504) for anything that is
 * the provider's fault, so the sync route can answer clearly and write nothing.
 */
export interface WeatherProvider {
  /** Stored as `weather_days.source`. */
  readonly name: string
  fetchDaily(request: DailyWeatherRequest): Promise<DailyWeatherResult>
}
