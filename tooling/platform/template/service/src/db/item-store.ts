import { desc, eq } from 'drizzle-orm'
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import type * as schema from './schema.js'
import { items } from './schema.js'

/** The service's drizzle handle: store functions take it, return rows or `undefined`, never HTTP errors. */
export type __Name__Db = PostgresJsDatabase<typeof schema>
export type ItemRow = typeof items.$inferSelect

export async function insertItem(db: __Name__Db, input: { name: string }): Promise<ItemRow> {
  const [row] = await db.insert(items).values({ name: input.name }).returning()
  return row as ItemRow
}

export async function findItem(db: __Name__Db, id: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(items).where(eq(items.id, id))
  return row
}

/** The newest items first (createdAt DESC, id DESC: a total order). */
export function listItems(db: __Name__Db, limit: number): Promise<ItemRow[]> {
  return db.select().from(items).orderBy(desc(items.createdAt), desc(items.id)).limit(limit)
}
