import {
  CursorPart,
  decodeCursor,
  encodeCursor,
  errorResponses,
  type Idempotency,
  IdempotencyHeaders,
  RequestErrorCode,
  replyIdempotent,
} from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { InventoryDb } from '../db/client.js'
import {
  createIngredient,
  deleteIngredient,
  getIngredient,
  listIngredients,
  updateIngredient,
} from '../db/ingredient-store.js'
import { assertPositiveReorderQuantity } from '../domain/reorder-settings.js'
import { IngredientNameTakenError, IngredientNotFoundError, IngredientReferencedError } from '../errors.js'
import {
  Ingredient,
  IngredientParams,
  LowStockIngredient,
  PageQuery,
  pageOf,
  Unit,
  UnsignedDecimal,
} from '../schemas/common.js'

const tags = ['ingredients']
const NOT_FOUND = { 404: ['INVENTORY_INGREDIENT_NOT_FOUND'] }
const cursorError = { 400: [RequestErrorCode.cursorInvalid] }

const CreateBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 120,
      pattern: '^\\S(.*\\S)?$',
      description: 'Unique, case-insensitive; no surrounding spaces',
    }),
    unit: Unit,
    reorderPoint: UnsignedDecimal,
    reorderQuantity: Type.Optional(Type.Union([UnsignedDecimal, Type.Null()])),
  },
  { additionalProperties: false },
)

const UpdateBody = Type.Object(
  {
    reorderPoint: Type.Optional(UnsignedDecimal),
    reorderQuantity: Type.Optional(Type.Union([UnsignedDecimal, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)

/** Ingredients: create, read, list (all or low on stock), change reorder settings. */
export const ingredientRoutes: FastifyPluginAsyncTypebox<{
  db: InventoryDb
  idempotency: Idempotency<InventoryDb>
}> = async (app, { db, idempotency }) => {
  app.post(
    '/ingredients',
    {
      schema: {
        tags,
        summary: 'Create an ingredient (its stock starts at 0)',
        description:
          'Honours `Idempotency-Key`: a retry with the same key and body returns the first answer.',
        headers: IdempotencyHeaders,
        body: CreateBody,
        response: {
          201: Ingredient,
          ...errorResponses(
            {
              400: ['INVENTORY_QUANTITY_INVALID'],
              409: ['INVENTORY_INGREDIENT_NAME_TAKEN', RequestErrorCode.idempotencyKeyInFlight],
              422: [RequestErrorCode.idempotencyKeyReused],
            },
            { body: true },
          ),
        },
      },
    },
    async (request, reply) => {
      assertPositiveReorderQuantity(request.body.reorderQuantity)
      const result = await idempotency.run(
        { scope: 'POST /api/v1/ingredients', key: request.headers['idempotency-key'], body: request.body },
        async (tx) => {
          const created = await createIngredient(tx, request.body)
          // Thrown inside the callback so the idempotency key's reservation rolls back with it.
          if (created.outcome === 'name-taken') throw new IngredientNameTakenError(request.body.name)
          return created.ingredient
        },
        { atomic: true },
      )
      return replyIdempotent(reply, result, `/api/v1/ingredients/${result.body.id}`)
    },
  )

  app.get(
    '/ingredients',
    {
      schema: {
        tags,
        summary: 'List ingredients by name, with current stock',
        querystring: PageQuery,
        response: { 200: pageOf(Ingredient), ...errorResponses(cursorError) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = cursor === undefined ? undefined : String(decodeCursor(cursor, [CursorPart.text])[0])
      const page = await listIngredients(db, { limit, after })
      return {
        items: page.items,
        nextCursor: page.nextKey === undefined ? null : encodeCursor([page.nextKey]),
      }
    },
  )

  app.get(
    '/ingredients/low-stock',
    {
      schema: {
        tags,
        summary: 'Ingredients whose stock is at or below their reorder point, with the shortfall',
        querystring: PageQuery,
        response: { 200: pageOf(LowStockIngredient), ...errorResponses(cursorError) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = cursor === undefined ? undefined : String(decodeCursor(cursor, [CursorPart.text])[0])
      const page = await listIngredients(db, { limit, after, lowStockOnly: true })
      return {
        items: page.items,
        nextCursor: page.nextKey === undefined ? null : encodeCursor([page.nextKey]),
      }
    },
  )

  app.get(
    '/ingredients/:id',
    {
      schema: {
        tags,
        summary: 'Get an ingredient with its current stock',
        params: IngredientParams,
        response: { 200: Ingredient, ...errorResponses(NOT_FOUND) },
      },
    },
    async (request) => {
      const ingredient = await getIngredient(db, request.params.id)
      if (!ingredient) throw new IngredientNotFoundError(request.params.id)
      return ingredient
    },
  )

  app.patch(
    '/ingredients/:id',
    {
      schema: {
        tags,
        summary: 'Change the reorder point and/or reorder quantity (null clears it)',
        params: IngredientParams,
        body: UpdateBody,
        response: {
          200: Ingredient,
          ...errorResponses({ ...NOT_FOUND, 400: ['INVENTORY_QUANTITY_INVALID'] }, { body: true }),
        },
      },
    },
    async (request) => {
      assertPositiveReorderQuantity(request.body.reorderQuantity)
      const updated = await updateIngredient(db, request.params.id, request.body)
      if (!updated) throw new IngredientNotFoundError(request.params.id)
      return updated
    },
  )

  app.delete(
    '/ingredients/:id',
    {
      schema: {
        tags,
        summary: 'Delete an ingredient that has no stock movements',
        params: IngredientParams,
        response: {
          204: Type.Null({ description: 'Deleted' }),
          ...errorResponses({ ...NOT_FOUND, 409: ['INVENTORY_INGREDIENT_REFERENCED'] }),
        },
      },
    },
    async (request, reply) => {
      const outcome = await deleteIngredient(db, request.params.id)
      if (outcome === 'missing') throw new IngredientNotFoundError(request.params.id)
      if (outcome === 'referenced') throw new IngredientReferencedError(request.params.id)
      return reply.code(204).send(null)
    },
  )
}
