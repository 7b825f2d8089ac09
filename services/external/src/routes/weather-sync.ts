import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../db/database.js'
import { upsertWeatherDays } from '../db/weather-store.js'
import { checkDateRange } from '../domain/date-range.js'
import { localDate } from '../domain/local-time.js'
import { toWeatherDayRow, type WeatherDayRow } from '../domain/weather-day.js'
import { ProviderError } from '../errors.js'
import type { ProviderWeatherDay, WeatherProvider } from '../providers/weather-provider.js'
import {
  BAD_QUERY,
  DateRangeQuery,
  errorBodyWith,
  errorResponses,
  IngestResult,
  IsoDate,
  LOCATION_NOT_FOUND,
  LocationParams,
} from '../schemas/common.js'
import { requireLocation } from './locations.js'

/** Longest range one sync may fetch: what Open-Meteo's forecast endpoint serves comfortably. */
export const MAX_SYNC_RANGE_DAYS = 31

const SyncResult = Type.Intersect([
  IngestResult,
  Type.Object({
    provider: Type.String(),
    from: IsoDate,
    to: IsoDate,
    missingDates: Type.Array(IsoDate, { description: 'Days the provider had no temperatures for' }),
  }),
])

/**
 * Days before the location's today are observations; today and later are forecasts (and get
 * overwritten by later syncs as the forecast is revised, then by the observation's own row).
 */
export function toSyncedRows(days: ProviderWeatherDay[], today: string, source: string): WeatherDayRow[] {
  return days.map((day, i) => {
    try {
      return toWeatherDayRow(
        { ...day, kind: day.date < today ? 'observation' : 'forecast', source },
        `daily[${i}]`,
        source,
      )
    } catch (err) {
      // Out-of-range values are the provider's fault, not the caller's: 502, not 400.
      throw new ProviderError(
        'failed',
        `The weather provider sent an impossible value: ${(err as Error).message}. Nothing was stored.`,
        {
          cause: err,
        },
      )
    }
  })
}

export const weatherSyncRoutes: FastifyPluginAsyncTypebox<{
  db: Database
  provider: WeatherProvider
  now?: () => Date
}> = async (app, { db, provider, now = () => new Date() }) => {
  app.post(
    '/locations/:id/weather/sync',
    {
      schema: {
        tags: ['weather'],
        summary: `Fetch daily weather from the provider and ingest it idempotently (at most ${MAX_SYNC_RANGE_DAYS} days)`,
        description:
          "Days before the location's local today are stored as observations, the rest as forecasts, with source = provider name. Provider failures answer 502 EXTERNAL_PROVIDER_FAILED, timeouts 504 EXTERNAL_PROVIDER_TIMEOUT; nothing is written then.",
        params: LocationParams,
        querystring: Type.Object(DateRangeQuery, { additionalProperties: false }),
        response: {
          200: SyncResult,
          ...errorResponses({ 400: BAD_QUERY, ...LOCATION_NOT_FOUND }),
          502: errorBodyWith(['EXTERNAL_PROVIDER_FAILED']),
          504: errorBodyWith(['EXTERNAL_PROVIDER_TIMEOUT']),
        },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query
      checkDateRange({ from, to }, MAX_SYNC_RANGE_DAYS)
      const location = await requireLocation(db, request.params.id)
      try {
        const result = await provider.fetchDaily({ ...location, from, to })
        const rows = toSyncedRows(result.days, localDate(now(), location.timezone), provider.name)
        const counts = await upsertWeatherDays(db, location.id, rows)
        return { ...counts, provider: provider.name, from, to, missingDates: result.missingDates }
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err
        // Answered here: the chassis error handler sends every non-4xx as a generic 500.
        request.log.warn({ code: err.code, locationId: location.id, err }, err.message)
        return reply.status(err.statusCode).send({ code: err.code, message: err.message })
      }
    },
  )
}
