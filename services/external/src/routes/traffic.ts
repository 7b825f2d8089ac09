import { CursorPart, decodeCursor, paginate } from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../db/database.js'
import { listTrafficHours, upsertTrafficHours } from '../db/traffic-store.js'
import { checkUniqueKeys } from '../domain/batch.js'
import { checkDateRange } from '../domain/date-range.js'
import { toTrafficHourRow } from '../domain/traffic-hour.js'
import {
  BAD_BATCH,
  BAD_QUERY,
  BATCH_REJECTIONS,
  batchOf,
  DateRangeQuery,
  Decimal,
  errorResponses,
  IngestResult,
  LOCATION_NOT_FOUND,
  LocationParams,
  PageQuery,
  rejectOversizedBatch,
} from '../schemas/common.js'
import { requireLocation } from './locations.js'

/** Longest range one traffic query may span, in days (hourly rows: up to 744 per location). */
export const MAX_TRAFFIC_RANGE_DAYS = 31

const TrafficHourItem = Type.Object(
  {
    measuredAt: Type.String({ format: 'date-time', description: 'Start of the local hour, with offset' }),
    intensity: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Vehicles in the hour' }),
    occupancyPct: Type.Optional(
      Type.Union([Type.Number({ description: '0..100, at most 2 decimals' }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
)

const TrafficHour = Type.Object({
  measuredAt: Type.String({ format: 'date-time' }),
  intensity: Type.Integer(),
  occupancyPct: Type.Union([Decimal, Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const trafficRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.post(
    '/locations/:id/traffic',
    {
      preValidation: rejectOversizedBatch,
      schema: {
        tags: ['traffic'],
        summary: 'Ingest hourly traffic measurements, idempotently',
        description:
          "Keyed by (location, hour). A known hour is overwritten only when a value differs. measuredAt must start an hour on the location's clock.",
        params: LocationParams,
        body: batchOf(TrafficHourItem),
        response: {
          200: IngestResult,
          ...errorResponses({ 400: BAD_BATCH, ...LOCATION_NOT_FOUND, ...BATCH_REJECTIONS }, { body: true }),
        },
      },
    },
    async (request) => {
      const location = await requireLocation(db, request.params.id)
      const rows = request.body.map((item, i) => toTrafficHourRow(item, `body.${i}`, location.timezone))
      checkUniqueKeys(rows, (r) => r.measuredAt.toISOString(), 'measuredAt')
      return upsertTrafficHours(db, location.id, rows)
    },
  )

  app.get(
    '/locations/:id/traffic',
    {
      schema: {
        tags: ['traffic'],
        summary: `Hourly traffic of a location over local days from..to (at most ${MAX_TRAFFIC_RANGE_DAYS} days)`,
        params: LocationParams,
        querystring: Type.Object({ ...DateRangeQuery, ...PageQuery }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(TrafficHour),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses({ 400: BAD_QUERY, ...LOCATION_NOT_FOUND }),
        },
      },
    },
    async (request) => {
      const { from, to, limit, cursor } = request.query
      checkDateRange({ from, to }, MAX_TRAFFIC_RANGE_DAYS)
      const [after] = cursor ? decodeCursor<string>(cursor, [CursorPart.instant]) : []
      const location = await requireLocation(db, request.params.id)
      const rows = await listTrafficHours(db, {
        locationId: location.id,
        timezone: location.timezone,
        from,
        to,
        limit,
        after: after === undefined ? undefined : new Date(after),
      })
      const page = paginate(rows, limit, (r) => [r.measuredAt.toISOString()])
      return {
        items: page.items.map((r) => ({
          measuredAt: r.measuredAt.toISOString(),
          intensity: r.intensity,
          occupancyPct: r.occupancyPct,
          updatedAt: r.updatedAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      }
    },
  )
}
