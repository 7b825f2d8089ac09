import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { OrdersDb } from '../db/database.js'
import { runIdempotent } from '../db/idempotent.js'
import { findOrder, insertOrder, listOrders, transitionOrder } from '../db/order-queries.js'
import { decodeCursor } from '../domain/cursor.js'
import { findJsonNumber } from '../domain/json-numbers.js'
import { DateRangeInvalidError, DecimalAsNumberError, OrderNotFoundError } from '../errors.js'
import { ErrorBody, errorResponses, IdempotencyHeaders, IdParams } from './common-schemas.js'
import { CreateOrderBody, Order, OrderListQuery, OrderPage, TransitionBody } from './order-schemas.js'

const tags = ['orders']
const DECIMAL_FIELDS = new Set(['quantity', 'unitPrice'])

export const orderRoutes: FastifyPluginAsyncTypebox<{ db: OrdersDb }> = async (app, { db }) => {
  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Create an order with its lines; the service computes line totals and the total',
        description:
          'Honours `Idempotency-Key`: a retry with the same key and body returns the first answer.',
        headers: IdempotencyHeaders,
        body: CreateOrderBody,
        response: { 201: Order, ...errorResponses },
      },
      // Before validation, while the body is as sent: Ajv would coerce 2.5 into "2.5" unnoticed.
      preValidation: async (request) => {
        const field = findJsonNumber(request.body, DECIMAL_FIELDS)
        if (field) throw new DecimalAsNumberError(field)
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(
        db,
        { scope: 'POST /api/v1/orders', key: request.headers['idempotency-key'], body: request.body },
        (tx) => insertOrder(tx, request.body),
      )
      if (result.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(result.statusCode as 201).send(result.body)
    },
  )

  app.get(
    '/orders',
    {
      schema: {
        tags,
        summary: 'List orders, newest first, filtered by status, customer and creation time',
        querystring: OrderListQuery,
        response: { 200: OrderPage, 400: ErrorBody },
      },
    },
    async (request) => {
      const { limit, cursor, status, customerId } = request.query
      const createdFrom = request.query.createdFrom ? new Date(request.query.createdFrom) : undefined
      const createdTo = request.query.createdTo ? new Date(request.query.createdTo) : undefined
      if (createdFrom && createdTo && createdFrom >= createdTo) throw new DateRangeInvalidError()
      const after = cursor === undefined ? undefined : decodeCursor(cursor)
      return listOrders(db, { limit, after, status, customerId, createdFrom, createdTo })
    },
  )

  app.get(
    '/orders/:id',
    {
      schema: {
        tags,
        summary: 'Get an order with its lines',
        params: IdParams,
        response: { 200: Order, ...errorResponses },
      },
    },
    async (request) => {
      const order = await findOrder(db, request.params.id)
      if (!order) throw new OrderNotFoundError(request.params.id)
      return order
    },
  )

  app.post(
    '/orders/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move an order to another status of the workflow',
        params: IdParams,
        body: TransitionBody,
        response: { 200: Order, ...errorResponses },
      },
    },
    async (request) => transitionOrder(db, request.params.id, request.body.to),
  )
}
