import createError from '@fastify/error'

// One code per error; clients and tests branch on `code`. Messages say what is wrong and what to do.

export const ItemNotFoundError = createError(
  '__NAME___ITEM_NOT_FOUND',
  'Item %s does not exist; list the items with GET /api/v1/items.',
  404,
)
