import { prepareOnce } from '@bakery/service-base'
import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm'
import type { MovementType } from '../domain/movement-types.js'
import { IngredientNotFoundError, InsufficientStockError, StockLimitExceededError } from '../errors.js'
import type { InventoryDb } from './client.js'
import { pgErrorCode } from './pg-error.js'
import { ingredients, stockLevels, stockMovements } from './schema.js'

export interface NewMovement {
  ingredientId: string
  type: MovementType
  /** Signed canonical decimal: what the movement adds to stock (negative removes). */
  delta: string
  reason?: string | undefined
  reference?: string | undefined
}

const NUMERIC_VALUE_OUT_OF_RANGE = '22003'

/**
 * Records a movement and moves the stock in one transaction. The conditional UPDATE is what keeps
 * stock non-negative under concurrency: it takes the row lock, and a waiting transaction re-checks
 * `quantity + delta >= 0` against the committed value before updating (READ COMMITTED re-evaluation),
 * so removals serialise on the row and never overdraw. No row updated means nothing is inserted.
 */
export async function recordMovement(db: InventoryDb, input: NewMovement) {
  try {
    return await db.transaction(async (tx) => {
      const delta = sql`${input.delta}::numeric`
      const [level] = await tx
        .update(stockLevels)
        .set({ quantity: sql`${stockLevels.quantity} + ${delta}`, updatedAt: sql`now()` })
        .where(
          and(eq(stockLevels.ingredientId, input.ingredientId), sql`${stockLevels.quantity} + ${delta} >= 0`),
        )
        .returning({
          ingredientId: stockLevels.ingredientId,
          quantity: stockLevels.quantity,
          updatedAt: stockLevels.updatedAt,
        })
        // Prepared, as the INSERT below: one round trip each instead of two.
        .prepare('inventory_move_stock')
        .execute()
      if (!level) throw await explainRefusal(tx, input)
      const [movement] = await tx
        .insert(stockMovements)
        .values({
          ingredientId: input.ingredientId,
          type: input.type,
          quantity: input.delta,
          balanceAfter: level.quantity,
          reason: input.reason ?? null,
          reference: input.reference ?? null,
        })
        .returning()
        .prepare('inventory_insert_movement')
        .execute()
      if (!movement) throw new Error('INSERT ... RETURNING returned no row')
      return { movement, stock: level }
    })
  } catch (err) {
    if (pgErrorCode(err) === NUMERIC_VALUE_OUT_OF_RANGE) {
      throw new StockLimitExceededError(input.ingredientId, { cause: err })
    }
    throw err
  }
}

/** Why the conditional UPDATE matched nothing: no such ingredient, or not enough stock. */
async function explainRefusal(tx: Pick<InventoryDb, 'select'>, input: NewMovement): Promise<Error> {
  const [current] = await tx
    .select({ quantity: stockLevels.quantity })
    .from(stockLevels)
    .where(eq(stockLevels.ingredientId, input.ingredientId))
  if (!current) return new IngredientNotFoundError(input.ingredientId)
  return new InsufficientStockError(input.delta.replace(/^-/, ''), input.ingredientId, current.quantity)
}

// Built once per handle, sent prepared (see prepareOnce).
const getStockQuery = prepareOnce((db: InventoryDb) =>
  db
    .select({
      ingredientId: stockLevels.ingredientId,
      unit: ingredients.unit,
      quantity: stockLevels.quantity,
      reorderPoint: ingredients.reorderPoint,
      updatedAt: stockLevels.updatedAt,
    })
    .from(stockLevels)
    .innerJoin(ingredients, eq(ingredients.id, stockLevels.ingredientId))
    .where(eq(stockLevels.ingredientId, sql.placeholder('ingredientId')))
    .prepare('inventory_get_stock'),
)

/** The stock an ingredient holds now. */
export async function getStock(db: InventoryDb, ingredientId: string) {
  const [row] = await getStockQuery(db).execute({ ingredientId })
  if (!row) throw new IngredientNotFoundError(ingredientId)
  return row
}

/** One page of an ingredient's movements, newest first, keyset-paginated on the movement id. */
export async function listMovements(
  db: InventoryDb,
  ingredientId: string,
  page: { limit: number; before?: number | undefined },
) {
  const filters: SQL[] = [eq(stockMovements.ingredientId, ingredientId)]
  if (page.before !== undefined) filters.push(lt(stockMovements.id, page.before))
  const rows = await db
    .select()
    .from(stockMovements)
    .where(and(...filters))
    .orderBy(desc(stockMovements.id))
    .limit(page.limit + 1)
  // An empty page is ambiguous: tell "no movements yet" from "no such ingredient".
  if (rows.length === 0) {
    const [exists] = await db
      .select({ id: ingredients.id })
      .from(ingredients)
      .where(eq(ingredients.id, ingredientId))
    if (!exists) throw new IngredientNotFoundError(ingredientId)
  }
  const items = rows.slice(0, page.limit)
  return { items, nextKey: rows.length > page.limit ? items.at(-1)?.id : undefined }
}
