import { RequestErrorCode } from '@bakery/service-base/http'
import { Type } from 'typebox'
import { EVENT_KINDS, WEATHER_CONDITIONS, WEATHER_KINDS } from '../db/schema.js'
import { checkBatchSize, MAX_BATCH_ITEMS } from '../domain/batch.js'

/** Shared TypeBox schemas: they validate requests, serialise responses and document /docs. */
export { errorBodyWith, errorResponses } from '@bakery/service-base/http'

/** The codes of this service's 4xx answers, by the kind of route that gives them. */
export const BAD_QUERY = [
  RequestErrorCode.cursorInvalid,
  'EXTERNAL_RANGE_INVALID',
  'EXTERNAL_RANGE_TOO_LONG',
] as const
export const BAD_BATCH = ['EXTERNAL_VALUE_INVALID', 'EXTERNAL_BATCH_DUPLICATE_KEY'] as const
export const LOCATION_NOT_FOUND = { 404: ['EXTERNAL_LOCATION_NOT_FOUND'] }
export const BATCH_REJECTIONS = { 413: ['EXTERNAL_BATCH_TOO_LARGE'] }

export const IsoDate = Type.String({ format: 'date', description: 'ISO date, YYYY-MM-DD' })
export const Decimal = Type.String({
  pattern: '^-?\\d+(\\.\\d+)?$',
  description: 'Exact decimal as a string',
})
export const Region = Type.String({
  pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$',
  description: 'ISO 3166-1 country (ES) or ISO 3166-2 subdivision (ES-MD)',
})
export const WeatherKind = Type.Enum(WEATHER_KINDS)
export const WeatherCondition = Type.Enum(WEATHER_CONDITIONS)
export const EventKind = Type.Enum(EVENT_KINDS)

export const LocationParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export { PageQuery } from '@bakery/service-base/http'

export const DateRangeQuery = { from: IsoDate, to: IsoDate }

export const IngestResult = Type.Object({
  received: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer({ description: 'Known items whose values changed' }),
  unchanged: Type.Integer({ description: 'Known items sent again with the same values' }),
})

/** A batch body: at most MAX_BATCH_ITEMS (bigger batches get 413 before validation). */
export const batchOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Array(item, { minItems: 1, maxItems: MAX_BATCH_ITEMS })

/** preValidation hook: refuse an oversized batch with 413 before ajv walks every item. */
export async function rejectOversizedBatch(request: { body: unknown }): Promise<void> {
  if (Array.isArray(request.body)) checkBatchSize(request.body.length)
}
