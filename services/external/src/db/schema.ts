import { sql } from 'drizzle-orm'
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'

/** The kinds and conditions the API accepts; the CHECK constraints below mirror them. */
export const WEATHER_KINDS = ['observation', 'forecast'] as const
export const WEATHER_CONDITIONS = [
  'clear',
  'partly_cloudy',
  'cloudy',
  'fog',
  'drizzle',
  'rain',
  'showers',
  'snow',
  'thunderstorm',
] as const
export const EVENT_KINDS = ['public_holiday', 'local_event'] as const

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}

/** A bakery's site. `region` is an ISO 3166-2 code (`ES-MD`) or a country (`ES`); holidays match on it. */
export const locations = pgTable(
  'locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    city: text('city').notNull(),
    region: text('region').notNull(),
    latitude: numeric('latitude', { precision: 9, scale: 6 }).notNull(),
    longitude: numeric('longitude', { precision: 9, scale: 6 }).notNull(),
    // IANA zone: days (weather, traffic per day, holidays) are local days of the bakery.
    timezone: text('timezone').notNull(),
    createdAt: timestamps.createdAt,
  },
  (t) => [unique('locations_name_key').on(t.name)],
)

/**
 * One row per location, local day and kind: the natural key is the primary key, which is what makes
 * ingestion idempotent (`ON CONFLICT (location_id, date, kind)`).
 */
export const weatherDays = pgTable(
  'weather_days',
  {
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: WEATHER_KINDS }).notNull(),
    tempMinC: numeric('temp_min_c', { precision: 5, scale: 2 }).notNull(),
    tempMaxC: numeric('temp_max_c', { precision: 5, scale: 2 }).notNull(),
    precipitationMm: numeric('precipitation_mm', { precision: 7, scale: 2 }),
    condition: text('condition', { enum: WEATHER_CONDITIONS }),
    // Added in 0001 (expand): nullable, so rows written by the previous release stay valid.
    source: text('source'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'weather_days_pkey', columns: [t.locationId, t.date, t.kind] }),
    check('weather_days_kind_check', sql`${t.kind} IN (${quoted(WEATHER_KINDS)})`),
    check('weather_days_condition_check', sql`${t.condition} IN (${quoted(WEATHER_CONDITIONS)})`),
    check('weather_days_temp_order_check', sql`${t.tempMinC} <= ${t.tempMaxC}`),
    check('weather_days_precipitation_check', sql`${t.precipitationMm} >= 0`),
  ],
)

/** Vehicles per hour near a location; `measured_at` is the start of the hour (UTC instant). */
export const trafficHours = pgTable(
  'traffic_hours',
  {
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    measuredAt: timestamp('measured_at', { withTimezone: true, mode: 'date' }).notNull(),
    intensity: integer('intensity').notNull(),
    occupancyPct: numeric('occupancy_pct', { precision: 5, scale: 2 }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ name: 'traffic_hours_pkey', columns: [t.locationId, t.measuredAt] }),
    check('traffic_hours_intensity_check', sql`${t.intensity} >= 0`),
    check('traffic_hours_occupancy_check', sql`${t.occupancyPct} BETWEEN 0 AND 100`),
  ],
)

/**
 * Public holidays (scoped to a region) and local events (scoped to one location). Exactly one scope
 * is set; the natural key treats NULLs as equal so a re-ingested holiday hits the same row.
 */
export const calendarEvents = pgTable(
  'calendar_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    name: text('name').notNull(),
    region: text('region'),
    locationId: uuid('location_id').references(() => locations.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [
    unique('calendar_events_natural_key').on(t.date, t.name, t.region, t.locationId).nullsNotDistinct(),
    index('calendar_events_date_idx').on(t.date),
    check('calendar_events_kind_check', sql`${t.kind} IN (${quoted(EVENT_KINDS)})`),
    check('calendar_events_scope_check', sql`num_nonnulls(${t.region}, ${t.locationId}) = 1`),
  ],
)

// The chassis' table: drizzle-kit generates it here, the chassis purges expired keys.
export { idempotencyKeys } from '@bakery/service-base/http'
