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
import { getStock, listMovements, recordMovement } from '../db/stock-store.js'
import { movementDelta } from '../domain/movement-delta.js'
import {
  IngredientParams,
  Movement,
  MovementTypeSchema,
  PageQuery,
  pageOf,
  SignedDecimal,
  Stock,
} from '../schemas/common.js'

const tags = ['stock']

const MovementBody = Type.Object(
  {
    type: MovementTypeSchema,
    quantity: SignedDecimal,
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: 'Required for adjustments' }),
    ),
    reference: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Delivery note, batch, order id...' }),
    ),
  },
  { additionalProperties: false },
)

const MovementCreated = Type.Object({
  movement: Movement,
  stock: Type.Object(
    {
      ingredientId: Stock.properties.ingredientId,
      quantity: Stock.properties.quantity,
      updatedAt: Stock.properties.updatedAt,
    },
    { description: 'Stock right after this movement' },
  ),
})

/** Stock movements (the ledger) and current stock of one ingredient. */
export const stockRoutes: FastifyPluginAsyncTypebox<{
  db: InventoryDb
  idempotency: Idempotency<InventoryDb>
}> = async (app, { db, idempotency }) => {
  app.post(
    '/ingredients/:id/movements',
    {
      schema: {
        tags,
        summary: 'Record a receipt, consumption, waste or adjustment; stock never goes below zero',
        description:
          'quantity is unsigned for receipt (+), consumption (−) and waste (−); signed for adjustment, which needs a reason. A removal larger than the stock answers 409 INVENTORY_INSUFFICIENT_STOCK and records nothing.',
        params: IngredientParams,
        headers: IdempotencyHeaders,
        body: MovementBody,
        response: {
          201: MovementCreated,
          ...errorResponses(
            {
              400: ['INVENTORY_QUANTITY_INVALID', 'INVENTORY_REASON_REQUIRED'],
              404: ['INVENTORY_INGREDIENT_NOT_FOUND'],
              409: [
                'INVENTORY_INSUFFICIENT_STOCK',
                'INVENTORY_STOCK_LIMIT_EXCEEDED',
                RequestErrorCode.idempotencyKeyInFlight,
              ],
              422: [RequestErrorCode.idempotencyKeyReused],
            },
            { body: true },
          ),
        },
      },
    },
    async (request, reply) => {
      const delta = movementDelta(request.body)
      const ingredientId = request.params.id
      // A retried receipt must not count twice: the ledger is append-only.
      const result = await idempotency.run(
        {
          scope: `POST /api/v1/ingredients/${ingredientId}/movements`,
          key: request.headers['idempotency-key'],
          body: request.body,
        },
        (tx) => recordMovement(tx, { ...request.body, ingredientId, delta }),
        { atomic: true },
      )
      return replyIdempotent(reply, result)
    },
  )

  app.get(
    '/ingredients/:id/movements',
    {
      schema: {
        tags,
        summary: "List an ingredient's movements, newest first",
        params: IngredientParams,
        querystring: PageQuery,
        response: {
          200: pageOf(Movement),
          ...errorResponses({
            400: [RequestErrorCode.cursorInvalid],
            404: ['INVENTORY_INGREDIENT_NOT_FOUND'],
          }),
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const before = cursor === undefined ? undefined : Number(decodeCursor(cursor, [CursorPart.integer])[0])
      const page = await listMovements(db, request.params.id, { limit, before })
      return {
        items: page.items,
        nextCursor: page.nextKey === undefined ? null : encodeCursor([page.nextKey]),
      }
    },
  )

  app.get(
    '/ingredients/:id/stock',
    {
      schema: {
        tags,
        summary: 'Current stock of an ingredient',
        params: IngredientParams,
        response: { 200: Stock, ...errorResponses({ 404: ['INVENTORY_INGREDIENT_NOT_FOUND'] }) },
      },
    },
    async (request) => getStock(db, request.params.id),
  )
}
