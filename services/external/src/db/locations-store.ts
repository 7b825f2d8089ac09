import { prepareOnce } from '@bakery/service-base'
import { asc, eq, sql } from 'drizzle-orm'
import type { Database } from './database.js'
import { locations } from './schema.js'

export type LocationRow = typeof locations.$inferSelect

export interface NewLocation {
  name: string
  city: string
  region: string
  latitude: string
  longitude: string
  timezone: string
}

// The statements of POST /locations and GET /locations/:id are built once per handle and go
// prepared (see prepareOnce).
const insertQuery = prepareOnce((db: Database) =>
  db
    .insert(locations)
    .values({
      name: sql.placeholder('name'),
      city: sql.placeholder('city'),
      region: sql.placeholder('region'),
      latitude: sql.placeholder('latitude'),
      longitude: sql.placeholder('longitude'),
      timezone: sql.placeholder('timezone'),
    })
    .onConflictDoNothing({ target: locations.name })
    .returning()
    .prepare('external_insert_location'),
)

const findQuery = prepareOnce((db: Database) =>
  db
    .select()
    .from(locations)
    .where(eq(locations.id, sql.placeholder('id')))
    .prepare('external_find_location'),
)

/**
 * Inserts a location; `undefined` when the name is taken (no exception, no aborted transaction).
 * One statement: atomic on its own, so it needs no transaction of the caller's.
 */
export async function insertLocation(db: Database, input: NewLocation): Promise<LocationRow | undefined> {
  const [row] = await insertQuery(db).execute({ ...input })
  return row
}

export async function findLocation(db: Database, id: string): Promise<LocationRow | undefined> {
  const [row] = await findQuery(db).execute({ id })
  return row
}

/** A page of locations by name (then id), after the `[name, id]` of the previous page's last row. */
export async function listLocations(
  db: Database,
  page: { limit: number; after: string[] | undefined },
): Promise<LocationRow[]> {
  const [name, id] = page.after ?? []
  return db
    .select()
    .from(locations)
    .where(page.after ? sql`(${locations.name}, ${locations.id}) > (${name}, ${id}::uuid)` : undefined)
    .orderBy(asc(locations.name), asc(locations.id))
    .limit(page.limit + 1)
}

const UNIQUE_VIOLATION = '23505'

/** Renames or re-cities a location; `undefined` when there is none, `'name-taken'` on a duplicate name. */
export async function updateLocation(
  db: Database,
  id: string,
  changes: { name?: string | undefined; city?: string | undefined },
): Promise<LocationRow | 'name-taken' | undefined> {
  try {
    const [row] = await db.update(locations).set(changes).where(eq(locations.id, id)).returning()
    return row
  } catch (err) {
    const code = (err as { cause?: { code?: unknown } }).cause?.code ?? (err as { code?: unknown }).code
    if (code === UNIQUE_VIOLATION) return 'name-taken'
    throw err
  }
}
