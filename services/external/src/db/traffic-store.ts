import { and, asc, eq, sql } from 'drizzle-orm'
import type { TrafficHourRow } from '../domain/traffic-hour.js'
import { countUpserts, type Database, type IngestCounts } from './database.js'
import { trafficHours } from './schema.js'

export type StoredTrafficHour = typeof trafficHours.$inferSelect

/** Idempotent ingestion keyed by (location, hour); same rules as weather (update only on change). */
export async function upsertTrafficHours(
  db: Database,
  locationId: string,
  rows: TrafficHourRow[],
): Promise<IngestCounts> {
  if (rows.length === 0) return countUpserts(0, [])
  const returned = await db
    .insert(trafficHours)
    .values(rows.map((row) => ({ locationId, ...row })))
    .onConflictDoUpdate({
      target: [trafficHours.locationId, trafficHours.measuredAt],
      set: {
        intensity: sql`excluded.intensity`,
        occupancyPct: sql`excluded.occupancy_pct`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`(${trafficHours.intensity}, ${trafficHours.occupancyPct})
        IS DISTINCT FROM (excluded.intensity, excluded.occupancy_pct)`,
    })
    .returning({ inserted: sql<boolean>`(xmax = 0)` })
  return countUpserts(rows.length, returned)
}

/**
 * A page of hours whose local date (in `timezone`) is within `from..to`, by time. The bounds are
 * computed as instants so the primary key's index serves the range.
 */
export async function listTrafficHours(
  db: Database,
  query: {
    locationId: string
    timezone: string
    from: string
    to: string
    limit: number
    after: Date | undefined
  },
): Promise<StoredTrafficHour[]> {
  return db
    .select()
    .from(trafficHours)
    .where(
      and(
        eq(trafficHours.locationId, query.locationId),
        sql`${trafficHours.measuredAt} >= (${query.from}::date::timestamp AT TIME ZONE ${query.timezone})`,
        sql`${trafficHours.measuredAt} < ((${query.to}::date + 1)::timestamp AT TIME ZONE ${query.timezone})`,
        query.after ? sql`${trafficHours.measuredAt} > ${query.after.toISOString()}::timestamptz` : undefined,
      ),
    )
    .orderBy(asc(trafficHours.measuredAt))
    .limit(query.limit + 1)
}
