import {
  CursorPart,
  decodeCursor,
  type Idempotency,
  IdempotencyHeaders,
  paginate,
  RequestErrorCode,
  replyIdempotent,
} from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../db/database.js'
import { findLocation, insertLocation, type LocationRow, listLocations } from '../db/locations-store.js'
import { toDecimalString } from '../domain/decimal.js'
import { isKnownTimeZone } from '../domain/local-time.js'
import { LocationNameTakenError, LocationNotFoundError, ValueInvalidError } from '../errors.js'
import {
  Decimal,
  errorResponses,
  LOCATION_NOT_FOUND,
  LocationParams,
  PageQuery,
  Region,
} from '../schemas/common.js'

export const Location = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  city: Type.String(),
  region: Type.String(),
  latitude: Decimal,
  longitude: Decimal,
  timezone: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})

const NewLocation = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Unique, e.g. "Centro bakery"' }),
    city: Type.String({ minLength: 1, maxLength: 200 }),
    region: Region,
    latitude: Type.Number({ minimum: -90, maximum: 90, description: 'WGS84, at most 6 decimals' }),
    longitude: Type.Number({ minimum: -180, maximum: 180, description: 'WGS84, at most 6 decimals' }),
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA zone, e.g. Europe/Madrid' }),
  },
  { additionalProperties: false },
)

export const toLocationJson = (row: LocationRow) => ({ ...row, createdAt: row.createdAt.toISOString() })

/** Looks a location up or answers 404 EXTERNAL_LOCATION_NOT_FOUND. */
export async function requireLocation(db: Database, id: string): Promise<LocationRow> {
  const location = await findLocation(db, id)
  if (!location) throw new LocationNotFoundError(id)
  return location
}

export const locationRoutes: FastifyPluginAsyncTypebox<{
  db: Database
  idempotency: Idempotency<Database>
}> = async (app, { db, idempotency }) => {
  app.post(
    '/locations',
    {
      schema: {
        tags: ['locations'],
        summary: 'Create a location (a bakery site)',
        description:
          'Honours `Idempotency-Key`: a retry with the same key and body returns the first answer.',
        headers: IdempotencyHeaders,
        body: NewLocation,
        response: {
          201: Location,
          ...errorResponses(
            {
              400: ['EXTERNAL_VALUE_INVALID'],
              409: ['EXTERNAL_LOCATION_NAME_TAKEN', RequestErrorCode.idempotencyKeyInFlight],
              422: [RequestErrorCode.idempotencyKeyReused],
            },
            { body: true },
          ),
        },
      },
    },
    async (request, reply) => {
      const body = request.body
      if (!isKnownTimeZone(body.timezone)) {
        throw new ValueInvalidError(
          `body.timezone "${body.timezone}" is not an IANA time zone, e.g. Europe/Madrid`,
        )
      }
      const coordinate = (field: 'latitude' | 'longitude', max: number) =>
        toDecimalString(body[field], { field: `body.${field}`, scale: 6, min: -max, max })
      const values = {
        name: body.name,
        city: body.city,
        region: body.region,
        latitude: coordinate('latitude', 90),
        longitude: coordinate('longitude', 180),
        timezone: body.timezone,
      }
      const result = await idempotency.run(
        { scope: 'POST /api/v1/locations', key: request.headers['idempotency-key'], body },
        async (tx) => {
          const row = await insertLocation(tx, values)
          if (!row) throw new LocationNameTakenError(body.name)
          return toLocationJson(row)
        },
        { atomic: true },
      )
      return replyIdempotent(reply, result, `/api/v1/locations/${result.body.id}`)
    },
  )

  app.get(
    '/locations/:id',
    {
      schema: {
        tags: ['locations'],
        summary: 'Get a location',
        params: LocationParams,
        response: { 200: Location, ...errorResponses(LOCATION_NOT_FOUND) },
      },
    },
    async (request) => toLocationJson(await requireLocation(db, request.params.id)),
  )

  app.get(
    '/locations',
    {
      schema: {
        tags: ['locations'],
        summary: 'List locations by name, a page at a time',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(Location),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses({ 400: [RequestErrorCode.cursorInvalid] }),
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const rows = await listLocations(db, {
        limit,
        after: cursor ? decodeCursor<string>(cursor, [CursorPart.text, CursorPart.uuid]) : undefined,
      })
      const page = paginate(rows, limit, (r) => [r.name, r.id])
      return { items: page.items.map(toLocationJson), nextCursor: page.nextCursor }
    },
  )
}
