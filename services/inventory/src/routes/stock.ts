import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { InventoryDb } from '../db/client.js'
import { getStock, listMovements, recordMovement } from '../db/stock-store.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { assertDecimalStrings } from '../domain/decimal-fields.js'
import { movementDelta } from '../domain/movement-delta.js'
import {
  ErrorBody,
  IngredientParams,
  Movement,
  MovementTypeSchema,
  PageQuery,
  pageOf,
  SignedDecimal,
  Stock,
} from './schemas.js'

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
export const stockRoutes: FastifyPluginAsyncTypebox<{ db: InventoryDb }> = async (app, { db }) => {
  app.post(
    '/ingredients/:id/movements',
    {
      schema: {
        tags,
        summary: 'Record a receipt, consumption, waste or adjustment; stock never goes below zero',
        description:
          'quantity is unsigned for receipt (+), consumption (−) and waste (−); signed for adjustment, which needs a reason. A removal larger than the stock answers 409 INVENTORY_INSUFFICIENT_STOCK and records nothing.',
        params: IngredientParams,
        body: MovementBody,
        response: { 201: MovementCreated, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
      preValidation: async (request) => assertDecimalStrings(request.body, ['quantity']),
    },
    async (request, reply) => {
      const delta = movementDelta(request.body)
      return reply
        .status(201)
        .send(await recordMovement(db, { ...request.body, ingredientId: request.params.id, delta }))
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
        response: { 200: pageOf(Movement), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const before = cursor === undefined ? undefined : decodeCursor(cursor, 'number')
      const page = await listMovements(db, request.params.id, { limit, before })
      return { items: page.items, nextCursor: page.nextKey === undefined ? null : encodeCursor(page.nextKey) }
    },
  )

  app.get(
    '/ingredients/:id/stock',
    {
      schema: {
        tags,
        summary: 'Current stock of an ingredient',
        params: IngredientParams,
        response: { 200: Stock, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getStock(db, request.params.id),
  )
}
