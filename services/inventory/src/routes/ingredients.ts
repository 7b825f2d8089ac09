import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { InventoryDb } from '../db/client.js'
import { createIngredient, getIngredient, listIngredients, updateIngredient } from '../db/ingredient-store.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { assertDecimalStrings } from '../domain/decimal-fields.js'
import { assertPositiveReorderQuantity } from '../domain/reorder-settings.js'
import {
  ErrorBody,
  Ingredient,
  IngredientParams,
  LowStockIngredient,
  PageQuery,
  pageOf,
  Unit,
  UnsignedDecimal,
} from './schemas.js'

const tags = ['ingredients']
const DECIMAL_FIELDS = ['reorderPoint', 'reorderQuantity'] as const

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
export const ingredientRoutes: FastifyPluginAsyncTypebox<{ db: InventoryDb }> = async (app, { db }) => {
  app.post(
    '/ingredients',
    {
      schema: {
        tags,
        summary: 'Create an ingredient (its stock starts at 0)',
        body: CreateBody,
        response: { 201: Ingredient, 400: ErrorBody, 409: ErrorBody },
      },
      preValidation: async (request) => assertDecimalStrings(request.body, DECIMAL_FIELDS),
    },
    async (request, reply) => {
      assertPositiveReorderQuantity(request.body.reorderQuantity)
      return reply.status(201).send(await createIngredient(db, request.body))
    },
  )

  app.get(
    '/ingredients',
    {
      schema: {
        tags,
        summary: 'List ingredients by name, with current stock',
        querystring: PageQuery,
        response: { 200: pageOf(Ingredient), 400: ErrorBody },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 'string')
      const page = await listIngredients(db, { limit, after })
      return { items: page.items, nextCursor: page.nextKey === undefined ? null : encodeCursor(page.nextKey) }
    },
  )

  app.get(
    '/ingredients/low-stock',
    {
      schema: {
        tags,
        summary: 'Ingredients whose stock is at or below their reorder point, with the shortfall',
        querystring: PageQuery,
        response: { 200: pageOf(LowStockIngredient), 400: ErrorBody },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 'string')
      const page = await listIngredients(db, { limit, after, lowStockOnly: true })
      return { items: page.items, nextCursor: page.nextKey === undefined ? null : encodeCursor(page.nextKey) }
    },
  )

  app.get(
    '/ingredients/:id',
    {
      schema: {
        tags,
        summary: 'Get an ingredient with its current stock',
        params: IngredientParams,
        response: { 200: Ingredient, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => getIngredient(db, request.params.id),
  )

  app.patch(
    '/ingredients/:id',
    {
      schema: {
        tags,
        summary: 'Change the reorder point and/or reorder quantity (null clears it)',
        params: IngredientParams,
        body: UpdateBody,
        response: { 200: Ingredient, 400: ErrorBody, 404: ErrorBody },
      },
      preValidation: async (request) => assertDecimalStrings(request.body, DECIMAL_FIELDS),
    },
    async (request) => {
      assertPositiveReorderQuantity(request.body.reorderQuantity)
      return updateIngredient(db, request.params.id, request.body)
    },
  )
}
