import { ProviderError } from '../errors.js'
import type { DailyWeatherResult, ProviderWeatherDay } from './weather-provider.js'
import { conditionFromWmoCode } from './wmo-condition.js'

/** The daily variables we request from `/v1/forecast`, in our units (Open-Meteo's defaults). */
export const OPEN_METEO_DAILY = [
  'weather_code',
  'temperature_2m_max',
  'temperature_2m_min',
  'precipitation_sum',
]
const EXPECTED_UNITS: Record<string, string> = {
  temperature_2m_max: '°C',
  temperature_2m_min: '°C',
  precipitation_sum: 'mm',
}
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

const malformed = (problem: string) =>
  new ProviderError('failed', `Open-Meteo sent a response we cannot read: ${problem}. Nothing was stored.`)

/**
 * Reads Open-Meteo's daily block (parallel arrays keyed by `daily.time`) into days. Pure, so every
 * malformed shape is unit-tested; anything unexpected is the provider's fault (502), never ours.
 */
export function parseOpenMeteoDaily(body: unknown, range: { from: string; to: string }): DailyWeatherResult {
  if (typeof body !== 'object' || body === null) throw malformed('the body is not a JSON object')
  const { daily, daily_units: units } = body as { daily?: unknown; daily_units?: unknown }
  if (typeof daily !== 'object' || daily === null) throw malformed('"daily" is missing')
  checkUnits(units)
  const columns = daily as Record<string, unknown>
  const time = columns.time
  if (!Array.isArray(time)) throw malformed('"daily.time" is not an array')
  for (const name of OPEN_METEO_DAILY) {
    const column = columns[name]
    if (!Array.isArray(column) || column.length !== time.length) {
      throw malformed(`"daily.${name}" is not an array as long as "daily.time"`)
    }
  }
  const days: ProviderWeatherDay[] = []
  const missingDates: string[] = []
  const seen = new Set<string>()
  for (const [i, date] of time.entries()) {
    if (typeof date !== 'string' || !ISO_DATE.test(date)) throw malformed(`"daily.time[${i}]" is not a date`)
    if (date < range.from || date > range.to) {
      throw malformed(`"daily.time[${i}]" (${date}) is outside the requested ${range.from}..${range.to}`)
    }
    if (seen.has(date)) throw malformed(`"daily.time" lists ${date} twice`)
    seen.add(date)
    const max = numberAt(columns, 'temperature_2m_max', i)
    const min = numberAt(columns, 'temperature_2m_min', i)
    if (max === null || min === null) {
      missingDates.push(date)
      continue
    }
    const code = numberAt(columns, 'weather_code', i)
    days.push({
      date,
      tempMinC: roundTo2(min),
      tempMaxC: roundTo2(max),
      precipitationMm: nullableRound(numberAt(columns, 'precipitation_sum', i)),
      condition: code === null ? null : conditionFromWmoCode(code),
    })
  }
  return { days, missingDates }
}

function checkUnits(units: unknown): void {
  if (units === undefined) return
  if (typeof units !== 'object' || units === null) throw malformed('"daily_units" is not an object')
  for (const [name, unit] of Object.entries(EXPECTED_UNITS)) {
    const got = (units as Record<string, unknown>)[name]
    if (got !== undefined && got !== unit)
      throw malformed(`"daily_units.${name}" is "${got}", expected "${unit}"`)
  }
}

function numberAt(columns: Record<string, unknown>, name: string, i: number): number | null {
  const value = (columns[name] as unknown[])[i]
  if (value === null) return null
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw malformed(`"daily.${name}[${i}]" is not a number`)
  return value
}

// Our columns hold two decimals; a provider with more precision is rounded, not refused.
const roundTo2 = (n: number) => Math.round(n * 100) / 100
const nullableRound = (n: number | null) => (n === null ? null : roundTo2(n))
