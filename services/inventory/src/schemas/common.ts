import { DecimalString, PageQuery as SharedPageQuery } from '@bakery/service-base/http'
import { Type } from 'typebox'
import { DECIMAL_PATTERN, UNSIGNED_DECIMAL_PATTERN } from '../domain/decimal.js'
import { MOVEMENT_TYPES } from '../domain/movement-types.js'
import { UNITS } from '../domain/units.js'

/** A quantity as the API reads it: a decimal string, never a JSON number. */
export const UnsignedDecimal = DecimalString({
  pattern: UNSIGNED_DECIMAL_PATTERN,
  description: 'Exact decimal as a string: up to 15 integer digits and 3 decimals',
  examples: ['12.5'],
})
export const SignedDecimal = DecimalString({
  pattern: DECIMAL_PATTERN,
  description: 'Exact decimal as a string, optionally signed: up to 15 integer digits and 3 decimals',
  examples: ['-2.25'],
})
/** A quantity as the API writes it: `numeric(18, 3)` text, always three decimals. */
export const DecimalOut = Type.String({ examples: ['12.500'] })

/** A timestamp: drizzle gives a Date, fast-json-stringify writes it as ISO 8601. */
export const Timestamp = Type.Unsafe<Date>(Type.String({ format: 'date-time' }))

export const Unit = Type.Enum([...UNITS], { description: 'Unit the ingredient is counted in' })
export const MovementTypeSchema = Type.Enum([...MOVEMENT_TYPES])

export const IngredientParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const PageQuery = Type.Object(SharedPageQuery, { additionalProperties: false })

export const Ingredient = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  unit: Unit,
  reorderPoint: DecimalOut,
  reorderQuantity: Type.Union([DecimalOut, Type.Null()]),
  stock: DecimalOut,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})

export const LowStockIngredient = Type.Object({
  ...Ingredient.properties,
  shortfall: Type.String({ description: 'reorderPoint - stock (0.000 when exactly at the point)' }),
})

export const Movement = Type.Object({
  id: Type.Integer(),
  ingredientId: Type.String({ format: 'uuid' }),
  type: MovementTypeSchema,
  quantity: Type.String({ description: 'Signed change to stock: negative for consumption and waste' }),
  balanceAfter: DecimalOut,
  reason: Type.Union([Type.String(), Type.Null()]),
  reference: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
})

export const Stock = Type.Object({
  ingredientId: Type.String({ format: 'uuid' }),
  unit: Unit,
  quantity: DecimalOut,
  reorderPoint: DecimalOut,
  updatedAt: Timestamp,
})

export { pageOf } from '@bakery/service-base/http'
