import type { WeatherCondition } from '../domain/weather-day.js'

/**
 * WMO 4677 "present weather" codes as Open-Meteo reports them (`weather_code`), folded into our
 * conditions. Unknown codes map to null rather than guessing.
 */
export function conditionFromWmoCode(code: number): WeatherCondition | null {
  if (code === 0) return 'clear'
  if (code === 1 || code === 2) return 'partly_cloudy'
  if (code === 3) return 'cloudy'
  if (code === 45 || code === 48) return 'fog'
  if (code >= 51 && code <= 57) return 'drizzle'
  if (code >= 61 && code <= 67) return 'rain'
  if (code >= 71 && code <= 77) return 'snow'
  if (code >= 80 && code <= 82) return 'showers'
  if (code === 85 || code === 86) return 'snow'
  if (code >= 95 && code <= 99) return 'thunderstorm'
  return null
}
