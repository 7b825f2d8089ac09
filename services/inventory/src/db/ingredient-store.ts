import { prepareOnce } from '@bakery/service-base'
import { and, asc, eq, gt, lte, type SQL, sql } from 'drizzle-orm'
import type { Unit } from '../domain/units.js'
import type { InventoryDb } from './client.js'
import { pgErrorCode } from './pg-error.js'
import { ingredients, stockLevels } from './schema.js'

export interface NewIngredient {
  name: string
  unit: Unit
  reorderPoint: string
  reorderQuantity?: string | null | undefined
}

const sortKey = sql<string>`lower(${ingredients.name})`

/** An ingredient as the API shows it: its definition plus current stock. */
const ingredientView = {
  id: ingredients.id,
  name: ingredients.name,
  unit: ingredients.unit,
  reorderPoint: ingredients.reorderPoint,
  reorderQuantity: ingredients.reorderQuantity,
  stock: stockLevels.quantity,
  createdAt: ingredients.createdAt,
  updatedAt: ingredients.updatedAt,
}

export type IngredientView = NonNullable<Awaited<ReturnType<typeof getIngredient>>>

/** What creating an ingredient came to; the route maps `name-taken` to its 409. */
export type CreateIngredientResult =
  | { outcome: 'created'; ingredient: IngredientView }
  | { outcome: 'name-taken' }

/**
 * Creates the ingredient and its stock row (at zero), and reads it back, in a transaction of its
 * own: atomic whoever calls it (no transaction needed around it). Nothing is written when the name
 * is taken.
 */
export async function createIngredient(
  db: InventoryDb,
  input: NewIngredient,
): Promise<CreateIngredientResult> {
  return db.transaction(async (tx) => {
    // No conflict target: the only unique key besides the id is lower(name).
    const [row] = await tx
      .insert(ingredients)
      .values({ ...input, reorderQuantity: input.reorderQuantity ?? null })
      .onConflictDoNothing()
      .returning({ id: ingredients.id })
    if (!row) return { outcome: 'name-taken' }
    await tx.insert(stockLevels).values({ ingredientId: row.id })
    return { outcome: 'created', ingredient: await mustGetIngredient(tx, row.id) }
  })
}

// Read after every create and change, and by GET /ingredients/:id: built once per handle, sent
// prepared (see prepareOnce).
const getQuery = prepareOnce((db: InventoryDb) =>
  db
    .select(ingredientView)
    .from(ingredients)
    .innerJoin(stockLevels, eq(stockLevels.ingredientId, ingredients.id))
    .where(eq(ingredients.id, sql.placeholder('id')))
    .prepare('inventory_get_ingredient'),
)

/** The ingredient with its current stock, or `undefined` when there is none with this id. */
export async function getIngredient(db: InventoryDb, id: string) {
  const [row] = await getQuery(db).execute({ id })
  return row
}

// For a row this module has just written in the same transaction: absence is a bug, not a 404.
async function mustGetIngredient(db: InventoryDb, id: string): Promise<IngredientView> {
  const row = await getIngredient(db, id)
  if (!row) throw new Error(`ingredient ${id} vanished right after it was written`)
  return row
}

/** One page in case-insensitive name order, keyset-paginated on lower(name) (unique). */
export async function listIngredients(
  db: InventoryDb,
  page: { limit: number; after?: string | undefined; lowStockOnly?: boolean },
) {
  const filters: SQL[] = []
  if (page.after !== undefined) filters.push(gt(sortKey, page.after))
  if (page.lowStockOnly) filters.push(lte(stockLevels.quantity, ingredients.reorderPoint))
  const rows = await db
    .select({
      ...ingredientView,
      // numeric - numeric keeps scale 3, so "2.500" rather than "2.5".
      shortfall: sql<string>`${ingredients.reorderPoint} - ${stockLevels.quantity}`,
      sortKey,
    })
    .from(ingredients)
    .innerJoin(stockLevels, eq(stockLevels.ingredientId, ingredients.id))
    .where(and(...filters))
    .orderBy(asc(sortKey))
    .limit(page.limit + 1)
  const items = rows.slice(0, page.limit)
  const next = rows.length > page.limit ? items.at(-1)?.sortKey : undefined
  return { items, nextKey: next }
}

/** Changes reorder settings (only the fields given); `undefined` when there is no such ingredient. */
export async function updateIngredient(
  db: InventoryDb,
  id: string,
  changes: { reorderPoint?: string | undefined; reorderQuantity?: string | null | undefined },
): Promise<IngredientView | undefined> {
  const [row] = await db
    .update(ingredients)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(ingredients.id, id))
    .returning({ id: ingredients.id })
  if (!row) return undefined
  return mustGetIngredient(db, id)
}

const FOREIGN_KEY_VIOLATION = '23503'

/**
 * Deletes an ingredient no movement references, with its stock row, in one transaction. The
 * movements' foreign key (ON DELETE RESTRICT) decides, so a concurrent movement cannot be orphaned.
 */
export async function deleteIngredient(
  db: InventoryDb,
  id: string,
): Promise<'deleted' | 'missing' | 'referenced'> {
  try {
    return await db.transaction(async (tx) => {
      await tx.delete(stockLevels).where(eq(stockLevels.ingredientId, id))
      const rows = await tx
        .delete(ingredients)
        .where(eq(ingredients.id, id))
        .returning({ id: ingredients.id })
      return rows.length > 0 ? 'deleted' : 'missing'
    })
  } catch (err) {
    if (pgErrorCode(err) === FOREIGN_KEY_VIOLATION) return 'referenced'
    throw err
  }
}
