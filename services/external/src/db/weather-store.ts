import { and, asc, between, eq, sql } from 'drizzle-orm'
import type { WeatherDayRow, WeatherKind } from '../domain/weather-day.js'
import { countUpserts, type Database, type IngestCounts } from './database.js'
import { weatherDays } from './schema.js'

export type StoredWeatherDay = typeof weatherDays.$inferSelect

/**
 * Idempotent ingestion: a new (location, date, kind) is inserted; a known one is overwritten only
 * when a value differs (forecasts get revised, observations corrected), so re-sending the same
 * batch changes nothing and reports every item as unchanged.
 */
export async function upsertWeatherDays(
  db: Database,
  locationId: string,
  rows: WeatherDayRow[],
): Promise<IngestCounts> {
  if (rows.length === 0) return countUpserts(0, [])
  const returned = await db
    .insert(weatherDays)
    .values(rows.map((row) => ({ locationId, ...row })))
    .onConflictDoUpdate({
      target: [weatherDays.locationId, weatherDays.date, weatherDays.kind],
      set: {
        tempMinC: sql`excluded.temp_min_c`,
        tempMaxC: sql`excluded.temp_max_c`,
        precipitationMm: sql`excluded.precipitation_mm`,
        condition: sql`excluded.condition`,
        source: sql`excluded.source`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`(${weatherDays.tempMinC}, ${weatherDays.tempMaxC}, ${weatherDays.precipitationMm}, ${weatherDays.condition}, ${weatherDays.source})
        IS DISTINCT FROM (excluded.temp_min_c, excluded.temp_max_c, excluded.precipitation_mm, excluded.condition, excluded.source)`,
    })
    // xmax is 0 only on a freshly inserted tuple: how PostgreSQL tells an insert from an update here.
    .returning({ inserted: sql<boolean>`(xmax = 0)` })
  return countUpserts(rows.length, returned)
}

/** A page of days in `from..to` ordered by (date, kind), after the previous page's last key. */
export async function listWeatherDays(
  db: Database,
  query: {
    locationId: string
    from: string
    to: string
    kind: WeatherKind | undefined
    limit: number
    after: string[] | undefined
  },
): Promise<StoredWeatherDay[]> {
  const [date, kind] = query.after ?? []
  return db
    .select()
    .from(weatherDays)
    .where(
      and(
        eq(weatherDays.locationId, query.locationId),
        between(weatherDays.date, query.from, query.to),
        query.kind ? eq(weatherDays.kind, query.kind) : undefined,
        query.after ? sql`(${weatherDays.date}, ${weatherDays.kind}) > (${date}::date, ${kind})` : undefined,
      ),
    )
    .orderBy(asc(weatherDays.date), asc(weatherDays.kind))
    .limit(query.limit + 1)
}
