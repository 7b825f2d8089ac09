import { CursorPart, decodeCursor, paginate } from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../db/database.js'
import { listWeatherDays, type StoredWeatherDay, upsertWeatherDays } from '../db/weather-store.js'
import { checkUniqueKeys } from '../domain/batch.js'
import { checkDateRange } from '../domain/date-range.js'
import { toWeatherDayRow } from '../domain/weather-day.js'
import {
  BAD_BATCH,
  BAD_QUERY,
  BATCH_REJECTIONS,
  batchOf,
  DateRangeQuery,
  Decimal,
  errorResponses,
  IngestResult,
  IsoDate,
  LOCATION_NOT_FOUND,
  LocationParams,
  PageQuery,
  rejectOversizedBatch,
  WeatherCondition,
  WeatherKind,
} from '../schemas/common.js'
import { requireLocation } from './locations.js'

/** Longest range one weather query may span, in days. */
export const MAX_WEATHER_RANGE_DAYS = 366

const WeatherDayItem = Type.Object(
  {
    date: IsoDate,
    kind: WeatherKind,
    tempMinC: Type.Number({ description: '°C, at most 2 decimals, -90..60' }),
    tempMaxC: Type.Number({ description: '°C, at most 2 decimals, >= tempMinC' }),
    precipitationMm: Type.Optional(Type.Union([Type.Number({ description: 'mm, 0..2000' }), Type.Null()])),
    condition: Type.Optional(Type.Union([WeatherCondition, Type.Null()])),
    source: Type.Optional(
      Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,63}$', description: 'Who measured it; default "api"' }),
    ),
  },
  { additionalProperties: false },
)

export const WeatherDay = Type.Object({
  date: IsoDate,
  kind: WeatherKind,
  tempMinC: Decimal,
  tempMaxC: Decimal,
  precipitationMm: Type.Union([Decimal, Type.Null()]),
  condition: Type.Union([WeatherCondition, Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
})

const toWeatherJson = ({ locationId: _, createdAt: __, ...row }: StoredWeatherDay) => ({
  ...row,
  updatedAt: row.updatedAt.toISOString(),
})

export const weatherRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.post(
    '/locations/:id/weather',
    {
      preValidation: rejectOversizedBatch,
      schema: {
        tags: ['weather'],
        summary: 'Ingest daily weather (observations or forecasts), idempotently',
        description:
          'Keyed by (location, date, kind). A known day is overwritten only when a value differs; the same batch sent twice is stored once.',
        params: LocationParams,
        body: batchOf(WeatherDayItem),
        response: {
          200: IngestResult,
          ...errorResponses({ 400: BAD_BATCH, ...LOCATION_NOT_FOUND, ...BATCH_REJECTIONS }, { body: true }),
        },
      },
    },
    async (request) => {
      const rows = request.body.map((item, i) => toWeatherDayRow(item, `body.${i}`, 'api'))
      checkUniqueKeys(rows, (r) => `${r.date}/${r.kind}`, '(date, kind)')
      const location = await requireLocation(db, request.params.id)
      return upsertWeatherDays(db, location.id, rows)
    },
  )

  app.get(
    '/locations/:id/weather',
    {
      schema: {
        tags: ['weather'],
        summary: `Daily weather of a location in a date range (at most ${MAX_WEATHER_RANGE_DAYS} days)`,
        params: LocationParams,
        querystring: Type.Object(
          { ...DateRangeQuery, kind: Type.Optional(WeatherKind), ...PageQuery },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(WeatherDay),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses({ 400: BAD_QUERY, ...LOCATION_NOT_FOUND }),
        },
      },
    },
    async (request) => {
      const { from, to, kind, limit, cursor } = request.query
      checkDateRange({ from, to }, MAX_WEATHER_RANGE_DAYS)
      const after = cursor ? decodeCursor<string>(cursor, [CursorPart.date, CursorPart.text]) : undefined
      const location = await requireLocation(db, request.params.id)
      const rows = await listWeatherDays(db, { locationId: location.id, from, to, kind, limit, after })
      const page = paginate(rows, limit, (r) => [r.date, r.kind])
      return { items: page.items.map(toWeatherJson), nextCursor: page.nextCursor }
    },
  )
}
