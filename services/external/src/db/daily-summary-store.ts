import { sql } from 'drizzle-orm'
import type { Database } from './database.js'

export interface DailySummaryRow {
  date: string
  weather: {
    kind: 'observation' | 'forecast'
    tempMinC: string
    tempMaxC: string
    precipitationMm: string | null
    condition: string | null
    source: string | null
  } | null
  traffic: {
    totalIntensity: number
    peakIntensity: number
    avgOccupancyPct: string | null
    hoursMeasured: number
  } | null
  events: { name: string; kind: 'public_holiday' | 'local_event'; region: string | null }[]
  isPublicHoliday: boolean
}

/**
 * One row per local day of `from..to` for a location, in one statement: the day's weather (an
 * observation wins over a forecast), its traffic summed over the location's local day, and the
 * holidays and events that apply to it. Days without data still appear, with nulls.
 */
export async function readDailySummary(
  db: Database,
  location: { id: string; region: string; timezone: string },
  range: { from: string; to: string },
): Promise<DailySummaryRow[]> {
  const { id, region, timezone } = location
  const rows = await db.execute(sql`
    WITH days AS (
      SELECT d::date AS date FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS d
    ),
    weather AS (
      SELECT DISTINCT ON (w.date) w.date,
        json_build_object('kind', w.kind, 'tempMinC', w.temp_min_c::text, 'tempMaxC', w.temp_max_c::text,
          'precipitationMm', w.precipitation_mm::text, 'condition', w.condition, 'source', w.source) AS weather
      FROM weather_days w
      WHERE w.location_id = ${id}::uuid AND w.date BETWEEN ${range.from}::date AND ${range.to}::date
      ORDER BY w.date, (w.kind = 'observation') DESC
    ),
    traffic AS (
      SELECT (t.measured_at AT TIME ZONE ${timezone})::date AS date,
        json_build_object('totalIntensity', sum(t.intensity)::int, 'peakIntensity', max(t.intensity),
          'avgOccupancyPct', round(avg(t.occupancy_pct), 2)::text, 'hoursMeasured', count(*)::int) AS traffic
      FROM traffic_hours t
      WHERE t.location_id = ${id}::uuid
        AND t.measured_at >= (${range.from}::date::timestamp AT TIME ZONE ${timezone})
        AND t.measured_at < ((${range.to}::date + 1)::timestamp AT TIME ZONE ${timezone})
      GROUP BY 1
    ),
    events AS (
      SELECT e.date,
        json_agg(json_build_object('name', e.name, 'kind', e.kind, 'region', e.region) ORDER BY e.kind, e.name) AS events,
        bool_or(e.kind = 'public_holiday') AS is_public_holiday
      FROM calendar_events e
      WHERE e.date BETWEEN ${range.from}::date AND ${range.to}::date
        AND (e.location_id = ${id}::uuid OR e.region = ${region} OR ${region} LIKE e.region || '-%')
      GROUP BY e.date
    )
    SELECT days.date::text AS date, weather.weather, traffic.traffic,
      coalesce(events.events, '[]'::json) AS events,
      coalesce(events.is_public_holiday, false) AS "isPublicHoliday"
    FROM days
    LEFT JOIN weather USING (date)
    LEFT JOIN traffic USING (date)
    LEFT JOIN events USING (date)
    ORDER BY days.date
  `)
  return rows as unknown as DailySummaryRow[]
}
