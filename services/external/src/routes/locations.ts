import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../data/database.js'
import { findLocation, insertLocation, type LocationRow, listLocations } from '../data/locations-store.js'
import { CursorPart, decodeCursor, paginate } from '../domain/cursor.js'
import { toDecimalString } from '../domain/decimal.js'
import { isKnownTimeZone } from '../domain/local-time.js'
import { LocationNameTakenError, LocationNotFoundError, ValueInvalidError } from '../errors.js'
import { Decimal, errorResponses, LocationParams, PageQuery, Region } from './schemas.js'

const Location = Type.Object({
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

export const locationRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.post(
    '/locations',
    {
      schema: {
        tags: ['locations'],
        summary: 'Create a location (a bakery site)',
        body: NewLocation,
        response: { 201: Location, ...errorResponses(400, 409) },
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
      const row = await insertLocation(db, {
        name: body.name,
        city: body.city,
        region: body.region,
        latitude: coordinate('latitude', 90),
        longitude: coordinate('longitude', 180),
        timezone: body.timezone,
      })
      if (!row) throw new LocationNameTakenError(body.name)
      return reply.status(201).send(toLocationJson(row))
    },
  )

  app.get(
    '/locations/:id',
    {
      schema: {
        tags: ['locations'],
        summary: 'Get a location',
        params: LocationParams,
        response: { 200: Location, ...errorResponses(400, 404) },
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
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const rows = await listLocations(db, {
        limit,
        after: cursor ? decodeCursor(cursor, [CursorPart.any, CursorPart.uuid]) : undefined,
      })
      const page = paginate(rows, limit, (r) => [r.name, r.id])
      return { items: page.items.map(toLocationJson), nextCursor: page.nextCursor }
    },
  )
}
