import {
  errorResponses,
  type Idempotency,
  IdempotencyHeaders,
  RequestErrorCode,
  replyIdempotent,
} from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { OrdersDb } from '../db/database.js'
import { findOrder, insertOrder, listOrders, transitionOrder } from '../db/order-store.js'
import { decodeCursor } from '../domain/cursor.js'
import {
  CustomerUnknownError,
  DateRangeInvalidError,
  IllegalTransitionError,
  OrderNotFoundError,
  TransitionConflictError,
} from '../errors.js'
import { IdParams } from '../schemas/common.js'
import { CreateOrderBody, Order, OrderListQuery, OrderPage, TransitionBody } from '../schemas/orders.js'

const tags = ['orders']

export const orderRoutes: FastifyPluginAsyncTypebox<{
  db: OrdersDb
  idempotency: Idempotency<OrdersDb>
}> = async (app, { db, idempotency }) => {
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
        response: {
          201: Order,
          ...errorResponses(
            {
              409: [RequestErrorCode.idempotencyKeyInFlight],
              422: ['ORDERS_CUSTOMER_UNKNOWN', RequestErrorCode.idempotencyKeyReused],
            },
            { body: true },
          ),
        },
      },
    },
    async (request, reply) => {
      const result = await idempotency.run(
        { scope: 'POST /api/v1/orders', key: request.headers['idempotency-key'], body: request.body },
        async (tx) => {
          const created = await insertOrder(tx, request.body)
          // Thrown inside the callback so the idempotency key's reservation rolls back with it.
          if (created.outcome === 'customer-unknown') throw new CustomerUnknownError(request.body.customerId)
          return created.order
        },
      )
      return replyIdempotent(reply, result, `/api/v1/orders/${result.body.id}`)
    },
  )

  app.get(
    '/orders',
    {
      schema: {
        tags,
        summary: 'List orders, newest first, filtered by status, customer and creation time',
        querystring: OrderListQuery,
        response: {
          200: OrderPage,
          ...errorResponses({ 400: [RequestErrorCode.cursorInvalid, 'ORDERS_DATE_RANGE_INVALID'] }),
        },
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
        response: { 200: Order, ...errorResponses({ 404: ['ORDERS_NOT_FOUND'] }) },
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
        response: {
          200: Order,
          ...errorResponses(
            { 404: ['ORDERS_NOT_FOUND'], 409: ['ORDERS_ILLEGAL_TRANSITION', 'ORDERS_TRANSITION_CONFLICT'] },
            { body: true },
          ),
        },
      },
    },
    async (request) => {
      const { id } = request.params
      const { to } = request.body
      const result = await transitionOrder(db, id, to)
      switch (result.outcome) {
        case 'moved':
          return result.order
        case 'missing':
          throw new OrderNotFoundError(id)
        case 'illegal': {
          const allowed = result.allowed.length ? result.allowed.join(', ') : 'none (final)'
          throw new IllegalTransitionError(id, result.from, to, result.from, allowed)
        }
        case 'conflict':
          throw new TransitionConflictError(id, result.from)
      }
    },
  )
}
