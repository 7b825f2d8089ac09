import { CursorPart, decodeCursor, paginate } from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type Static, Type } from 'typebox'
import type { Database } from '../db/database.js'
import {
  type EventRow,
  findUnknownLocations,
  listEvents,
  type StoredEvent,
  upsertEvents,
} from '../db/events-store.js'
import { checkUniqueKeys } from '../domain/batch.js'
import { checkDateRange } from '../domain/date-range.js'
import { LocationNotFoundError, ValueInvalidError } from '../errors.js'
import {
  BAD_BATCH,
  BAD_QUERY,
  BATCH_REJECTIONS,
  batchOf,
  DateRangeQuery,
  EventKind,
  errorResponses,
  IngestResult,
  IsoDate,
  LOCATION_NOT_FOUND,
  PageQuery,
  Region,
  rejectOversizedBatch,
} from '../schemas/common.js'
import { requireLocation } from './locations.js'

/** Longest range one events query may span, in days. */
export const MAX_EVENTS_RANGE_DAYS = 366

const EventItem = Type.Object(
  {
    date: IsoDate,
    kind: EventKind,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    region: Type.Optional(Region),
    locationId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  {
    additionalProperties: false,
    description: 'Exactly one of region (holidays) or locationId (local events)',
  },
)

const CalendarEvent = Type.Object({
  id: Type.String({ format: 'uuid' }),
  date: IsoDate,
  kind: EventKind,
  name: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  locationId: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
})

const toEventJson = ({ createdAt: _, ...row }: StoredEvent) => ({
  ...row,
  updatedAt: row.updatedAt.toISOString(),
})

function toEventRow(item: Static<typeof EventItem>, field: string): EventRow {
  if ((item.region === undefined) === (item.locationId === undefined)) {
    throw new ValueInvalidError(
      `${field} must have exactly one of region (a public holiday's region) or locationId (a local event's location)`,
    )
  }
  return { ...item, region: item.region ?? null, locationId: item.locationId ?? null }
}

export const eventRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  app.post(
    '/events',
    {
      preValidation: rejectOversizedBatch,
      schema: {
        tags: ['events'],
        summary: 'Ingest public holidays and local events, idempotently',
        description: 'Keyed by (date, name, region, locationId). Re-sending an event only updates its kind.',
        body: batchOf(EventItem),
        response: {
          200: IngestResult,
          ...errorResponses({ 400: BAD_BATCH, ...LOCATION_NOT_FOUND, ...BATCH_REJECTIONS }, { body: true }),
        },
      },
    },
    async (request) => {
      const rows = request.body.map((item, i) => toEventRow(item, `body.${i}`))
      checkUniqueKeys(rows, (r) => `${r.date}/${r.name}/${r.region ?? r.locationId}`, '(date, name, scope)')
      const ids = [...new Set(rows.flatMap((r) => (r.locationId ? [r.locationId] : [])))]
      const [unknown] = await findUnknownLocations(db, ids)
      if (unknown) throw new LocationNotFoundError(unknown)
      return upsertEvents(db, rows)
    },
  )

  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: `Holidays and events in a date range (at most ${MAX_EVENTS_RANGE_DAYS} days)`,
        description:
          "region: events of exactly that region. locationId: everything that applies to the location (its own events, its region's holidays and its country's).",
        querystring: Type.Object(
          {
            ...DateRangeQuery,
            kind: Type.Optional(EventKind),
            region: Type.Optional(Region),
            locationId: Type.Optional(Type.String({ format: 'uuid' })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(CalendarEvent),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errorResponses({ 400: BAD_QUERY, ...LOCATION_NOT_FOUND }),
        },
      },
    },
    async (request) => {
      const { from, to, kind, region, locationId, limit, cursor } = request.query
      checkDateRange({ from, to }, MAX_EVENTS_RANGE_DAYS)
      const after = cursor ? decodeCursor<string>(cursor, [CursorPart.date, CursorPart.uuid]) : undefined
      const location = locationId ? await requireLocation(db, locationId) : undefined
      const rows = await listEvents(db, { from, to, kind, region, location, limit, after })
      const page = paginate(rows, limit, (r) => [r.date, r.id])
      return { items: page.items.map(toEventJson), nextCursor: page.nextCursor }
    },
  )
}
