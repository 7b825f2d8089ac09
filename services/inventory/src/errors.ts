import createError from '@fastify/error'

// One code per error, prefixed with the service name; clients and tests branch on `code`.

export const IngredientNotFoundError = createError<'INVENTORY_INGREDIENT_NOT_FOUND', 404, [string]>(
  'INVENTORY_INGREDIENT_NOT_FOUND',
  'Ingredient %s does not exist; list ingredients with GET /api/v1/ingredients',
  404,
)

export const IngredientNameTakenError = createError<'INVENTORY_INGREDIENT_NAME_TAKEN', 409, [string]>(
  'INVENTORY_INGREDIENT_NAME_TAKEN',
  'body.name: an ingredient named "%s" already exists (names are case-insensitive); use it or choose another name',
  409,
)

export const IngredientReferencedError = createError<'INVENTORY_INGREDIENT_REFERENCED', 409, [string]>(
  'INVENTORY_INGREDIENT_REFERENCED',
  'Ingredient %s has stock movements and cannot be deleted: the ledger keeps its history',
  409,
)

export const InsufficientStockError = createError<
  'INVENTORY_INSUFFICIENT_STOCK',
  409,
  [requested: string, ingredientId: string, available: string]
>(
  'INVENTORY_INSUFFICIENT_STOCK',
  'Cannot remove %s from ingredient %s: only %s available; nothing was recorded. Record a receipt first or remove less.',
  409,
)

export const StockLimitExceededError = createError<
  'INVENTORY_STOCK_LIMIT_EXCEEDED',
  409,
  [string, { cause: unknown }?]
>(
  'INVENTORY_STOCK_LIMIT_EXCEEDED',
  'Stock of ingredient %s would exceed 999999999999999.999, the largest storable quantity; nothing was recorded',
  409,
)

export const QuantityInvalidError = createError<'INVENTORY_QUANTITY_INVALID', 400, [string]>(
  'INVENTORY_QUANTITY_INVALID',
  '%s',
  400,
)

export const ReasonRequiredError = createError<'INVENTORY_REASON_REQUIRED', 400>(
  'INVENTORY_REASON_REQUIRED',
  'body.reason is required for an adjustment: say why the stock is corrected (e.g. "stock count 2024-05-01")',
  400,
)
