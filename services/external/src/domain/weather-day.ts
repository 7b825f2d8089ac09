import type { WEATHER_CONDITIONS, WEATHER_KINDS } from '../db/schema.js'
import { ValueInvalidError } from '../errors.js'
import { toDecimalString, toOptionalDecimalString } from './decimal.js'

export type WeatherKind = (typeof WEATHER_KINDS)[number]
export type WeatherCondition = (typeof WEATHER_CONDITIONS)[number]

/** One day of weather as clients and providers send it (JSON numbers). */
export interface WeatherDayInput {
  date: string
  kind: WeatherKind
  tempMinC: number
  tempMaxC: number
  precipitationMm?: number | null
  condition?: WeatherCondition | null
  source?: string | null
}

/** The same day ready for the `weather_days` row: exact decimal strings. */
export interface WeatherDayRow {
  date: string
  kind: WeatherKind
  tempMinC: string
  tempMaxC: string
  precipitationMm: string | null
  condition: WeatherCondition | null
  source: string | null
}

// Beyond the recorded extremes on Earth: a value outside is a unit or parsing mistake upstream.
const TEMPERATURE = { scale: 2, min: -90, max: 60 }
const PRECIPITATION = { scale: 2, min: 0, max: 2000 }

/** Validates one day (`field` locates it in the request for messages) and converts it for storage. */
export function toWeatherDayRow(input: WeatherDayInput, field: string, defaultSource: string): WeatherDayRow {
  const tempMinC = toDecimalString(input.tempMinC, { field: `${field}.tempMinC`, ...TEMPERATURE })
  const tempMaxC = toDecimalString(input.tempMaxC, { field: `${field}.tempMaxC`, ...TEMPERATURE })
  if (input.tempMinC > input.tempMaxC) {
    throw new ValueInvalidError(
      `${field}.tempMinC (${tempMinC}) is above ${field}.tempMaxC (${tempMaxC}); swap them`,
    )
  }
  return {
    date: input.date,
    kind: input.kind,
    tempMinC,
    tempMaxC,
    precipitationMm: toOptionalDecimalString(input.precipitationMm, {
      field: `${field}.precipitationMm`,
      ...PRECIPITATION,
    }),
    condition: input.condition ?? null,
    source: input.source ?? defaultSource,
  }
}
