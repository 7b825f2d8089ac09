import { ValueInvalidError } from '../errors.js'
import { toOptionalDecimalString } from './decimal.js'
import { isLocalHourStart } from './local-time.js'

/** One hour of traffic as clients send it. */
export interface TrafficHourInput {
  /** RFC 3339 instant with an offset: the start of the hour. */
  measuredAt: string
  /** Vehicles counted during the hour. */
  intensity: number
  /** Share of time the detector was occupied, in percent. */
  occupancyPct?: number | null
}

export interface TrafficHourRow {
  measuredAt: Date
  intensity: number
  occupancyPct: string | null
}

/** Validates one hour against the location's clock and converts it for storage. */
export function toTrafficHourRow(input: TrafficHourInput, field: string, timezone: string): TrafficHourRow {
  const measuredAt = new Date(input.measuredAt)
  if (Number.isNaN(measuredAt.getTime())) {
    throw new ValueInvalidError(`${field}.measuredAt must be an RFC 3339 date-time with an offset`)
  }
  if (!isLocalHourStart(measuredAt, timezone)) {
    throw new ValueInvalidError(
      `${field}.measuredAt (${input.measuredAt}) must be the start of an hour in the location's time zone ${timezone}, e.g. 08:00:00`,
    )
  }
  return {
    measuredAt,
    intensity: input.intensity,
    occupancyPct: toOptionalDecimalString(input.occupancyPct, {
      field: `${field}.occupancyPct`,
      scale: 2,
      min: 0,
      max: 100,
    }),
  }
}
