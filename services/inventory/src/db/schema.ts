import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  index,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { MOVEMENT_TYPES } from '../domain/movement-types.js'
import { UNITS } from '../domain/units.js'

// Quantities are exact decimals with three places (grams of a kilogram, millilitres of a litre).
// postgres.js hands `numeric` back as a string, so no value ever passes through a float.
const quantity = (name: string) => numeric(name, { precision: 18, scale: 3 })

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))

export const ingredients = pgTable(
  'ingredients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    unit: text('unit', { enum: UNITS }).notNull(),
    reorderPoint: quantity('reorder_point').notNull(),
    // Added in 0002 (expand): nullable, so rows written by the previous release stay valid.
    reorderQuantity: quantity('reorder_quantity'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Case-insensitive: "Flour" and "flour" are the same ingredient.
    uniqueIndex('ingredients_name_lower_key').on(sql`lower(${t.name})`),
    check('ingredients_unit_check', sql`${t.unit} IN (${inList(UNITS)})`),
    check('ingredients_reorder_point_check', sql`${t.reorderPoint} >= 0`),
    check('ingredients_reorder_quantity_check', sql`${t.reorderQuantity} > 0`),
  ],
)

/**
 * Current stock, one row per ingredient, kept in step with the movements in the same transaction.
 * The CHECK is the last line of defence: the conditional UPDATE already refuses to go below zero.
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    ingredientId: uuid('ingredient_id')
      .primaryKey()
      .references(() => ingredients.id, { onDelete: 'restrict' }),
    quantity: quantity('quantity').notNull().default('0'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('stock_levels_quantity_non_negative', sql`${t.quantity} >= 0`)],
)

/**
 * The ledger: append-only (a trigger from migration 0001 rejects UPDATE, DELETE and TRUNCATE).
 * `quantity` is the signed change; `balance_after` is the stock right after it, for audits.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ingredientId: uuid('ingredient_id')
      .notNull()
      .references(() => ingredients.id, { onDelete: 'restrict' }),
    type: text('type', { enum: MOVEMENT_TYPES }).notNull(),
    quantity: quantity('quantity').notNull(),
    balanceAfter: quantity('balance_after').notNull(),
    reason: text('reason'),
    reference: text('reference'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Serves "movements of one ingredient, newest first" as an index range scan.
    index('stock_movements_ingredient_id_id_idx').on(t.ingredientId, t.id.desc()),
    check('stock_movements_type_check', sql`${t.type} IN (${inList(MOVEMENT_TYPES)})`),
    check(
      'stock_movements_sign_check',
      sql`(${t.type} = 'receipt' AND ${t.quantity} > 0)
        OR (${t.type} IN ('consumption', 'waste') AND ${t.quantity} < 0)
        OR (${t.type} = 'adjustment' AND ${t.quantity} <> 0 AND ${t.reason} IS NOT NULL)`,
    ),
    check('stock_movements_balance_after_check', sql`${t.balanceAfter} >= 0`),
  ],
)

// The chassis' table: drizzle-kit generates it here, the chassis purges expired keys.
export { idempotencyKeys } from '@bakery/service-base/http'
