import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { readDailySummary } from '../db/daily-summary-store.js'
import type { Database } from '../db/database.js'
import { checkDateRange } from '../domain/date-range.js'
import {
  BAD_QUERY,
  DateRangeQuery,
  Decimal,
  EventKind,
  errorResponses,
  IsoDate,
  LOCATION_NOT_FOUND,
  LocationParams,
  WeatherKind,
} from '../schemas/common.js'
import { requireLocation } from './locations.js'

/** Longest range one summary may span, in days (one row per day, no pagination). */
export const MAX_SUMMARY_RANGE_DAYS = 366

const SummaryDay = Type.Object({
  date: IsoDate,
  weather: Type.Union([
    Type.Object({
      kind: WeatherKind,
      tempMinC: Decimal,
      tempMaxC: Decimal,
      precipitationMm: Type.Union([Decimal, Type.Null()]),
      condition: Type.Union([Type.String(), Type.Null()]),
      source: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  traffic: Type.Union([
    Type.Object({
      totalIntensity: Type.Integer(),
      peakIntensity: Type.Integer(),
      avgOccupancyPct: Type.Union([Decimal, Type.Null()]),
      hoursMeasured: Type.Integer(),
    }),
    Type.Null(),
  ]),
  events: Type.Array(
    Type.Object({ name: Type.String(), kind: EventKind, region: Type.Union([Type.String(), Type.Null()]) }),
  ),
  isPublicHoliday: Type.Boolean(),
})

export const dailySummaryRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/locations/:id/daily-summary',
    {
      schema: {
        tags: ['summary'],
        summary: `Per local day: weather, traffic totals, holidays and events (at most ${MAX_SUMMARY_RANGE_DAYS} days)`,
        description:
          "Every day of from..to appears. weather prefers the observation over the forecast; traffic sums the hours of the location's local day; events include the location's own and its region's (and country's) holidays.",
        params: LocationParams,
        querystring: Type.Object(DateRangeQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({
            locationId: Type.String({ format: 'uuid' }),
            timezone: Type.String(),
            from: IsoDate,
            to: IsoDate,
            days: Type.Array(SummaryDay),
          }),
          ...errorResponses({ 400: BAD_QUERY, ...LOCATION_NOT_FOUND }),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query
      checkDateRange({ from, to }, MAX_SUMMARY_RANGE_DAYS)
      const location = await requireLocation(db, request.params.id)
      const days = await readDailySummary(db, location, { from, to })
      return { locationId: location.id, timezone: location.timezone, from, to, days }
    },
  )
}
