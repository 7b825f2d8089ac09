import { and, asc, between, eq, inArray, type SQL, sql } from 'drizzle-orm'
import { countUpserts, type Database, type IngestCounts } from './database.js'
import { calendarEvents, type EVENT_KINDS, locations } from './schema.js'

export type EventKind = (typeof EVENT_KINDS)[number]
export type StoredEvent = typeof calendarEvents.$inferSelect

export interface EventRow {
  date: string
  kind: EventKind
  name: string
  region: string | null
  locationId: string | null
}

/** The ids among `ids` that name no location. */
export async function findUnknownLocations(db: Database, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const found = await db.select({ id: locations.id }).from(locations).where(inArray(locations.id, ids))
  const known = new Set(found.map((r) => r.id))
  return ids.filter((id) => !known.has(id))
}

/**
 * Idempotent ingestion keyed by (date, name, region, location); the unique constraint treats NULLs
 * as equal, so a re-sent regional holiday (location NULL) finds its row. Only `kind` can change.
 */
export async function upsertEvents(db: Database, rows: EventRow[]): Promise<IngestCounts> {
  if (rows.length === 0) return countUpserts(0, [])
  const returned = await db
    .insert(calendarEvents)
    .values(rows)
    .onConflictDoUpdate({
      target: [calendarEvents.date, calendarEvents.name, calendarEvents.region, calendarEvents.locationId],
      set: { kind: sql`excluded.kind`, updatedAt: sql`now()` },
      setWhere: sql`${calendarEvents.kind} IS DISTINCT FROM excluded.kind`,
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` })
  return countUpserts(rows.length, returned)
}

/**
 * Whether an event applies to a location: its own local events, holidays of its region, and of
 * every region above it (`ES` applies to `ES-MD`). Region codes cannot hold LIKE wildcards.
 */
export function appliesToLocation(location: { id: string; region: string }): SQL {
  return sql`(${calendarEvents.locationId} = ${location.id}::uuid
    OR ${calendarEvents.region} = ${location.region}
    OR ${location.region} LIKE ${calendarEvents.region} || '-%')`
}

export interface EventQuery {
  from: string
  to: string
  kind: EventKind | undefined
  region: string | undefined
  location: { id: string; region: string } | undefined
  limit: number
  after: string[] | undefined
}

/** A page of events in `from..to` by (date, id), optionally for one region or one location. */
export async function listEvents(db: Database, query: EventQuery): Promise<StoredEvent[]> {
  const [date, id] = query.after ?? []
  return db
    .select()
    .from(calendarEvents)
    .where(
      and(
        between(calendarEvents.date, query.from, query.to),
        query.kind ? eq(calendarEvents.kind, query.kind) : undefined,
        query.region ? eq(calendarEvents.region, query.region) : undefined,
        query.location ? appliesToLocation(query.location) : undefined,
        query.after
          ? sql`(${calendarEvents.date}, ${calendarEvents.id}) > (${date}::date, ${id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(calendarEvents.date), asc(calendarEvents.id))
    .limit(query.limit + 1)
}
