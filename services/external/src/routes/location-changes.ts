import { errorResponses } from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../db/database.js'
import { updateLocation } from '../db/locations-store.js'
import { LocationNameTakenError, LocationNotFoundError } from '../errors.js'
import { LOCATION_NOT_FOUND, LocationParams } from '../schemas/common.js'
import { Location, toLocationJson } from './locations.js'

// Coordinates, region and time zone stay: the stored local days and hours were computed with them.
const LocationChanges = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Unique, e.g. "Centro bakery"' }),
    ),
    city: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const locationChangeRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.patch(
    '/locations/:id',
    {
      schema: {
        tags: ['locations'],
        summary: 'Rename a location or change its city',
        params: LocationParams,
        body: LocationChanges,
        response: {
          200: Location,
          ...errorResponses({ ...LOCATION_NOT_FOUND, 409: ['EXTERNAL_LOCATION_NAME_TAKEN'] }, { body: true }),
        },
      },
    },
    async (request) => {
      const row = await updateLocation(db, request.params.id, request.body)
      if (row === undefined) throw new LocationNotFoundError(request.params.id)
      if (row === 'name-taken') throw new LocationNameTakenError(request.body.name)
      return toLocationJson(row)
    },
  )
}
