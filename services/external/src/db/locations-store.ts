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

/** Inserts a location; `undefined` when the name is taken (no exception, no aborted transaction). */
export async function insertLocation(db: Database, input: NewLocation): Promise<LocationRow | undefined> {
  const [row] = await db
    .insert(locations)
    .values(input)
    .onConflictDoNothing({ target: locations.name })
    .returning()
  return row
}

export async function findLocation(db: Database, id: string): Promise<LocationRow | undefined> {
  const [row] = await db.select().from(locations).where(eq(locations.id, id))
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
