import {
  errorResponses,
  type Idempotency,
  IdempotencyHeaders,
  RequestErrorCode,
  replyIdempotent,
} from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  deleteCustomer,
  findCustomer,
  insertCustomer,
  listCustomers,
  updateCustomer,
} from '../db/customer-store.js'
import type { OrdersDb } from '../db/database.js'
import { decodeCursor } from '../domain/cursor.js'
import { CustomerNotFoundError, CustomerReferencedError } from '../errors.js'
import { IdParams } from '../schemas/common.js'
import {
  CreateCustomerBody,
  Customer,
  CustomerListQuery,
  CustomerPage,
  UpdateCustomerBody,
} from '../schemas/customers.js'

const tags = ['customers']

export const customerRoutes: FastifyPluginAsyncTypebox<{
  db: OrdersDb
  idempotency: Idempotency<OrdersDb>
}> = async (app, { db, idempotency }) => {
  app.post(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer',
        description:
          'Honours `Idempotency-Key`: a retry with the same key and body returns the first answer.',
        headers: IdempotencyHeaders,
        body: CreateCustomerBody,
        response: {
          201: Customer,
          ...errorResponses(
            { 409: [RequestErrorCode.idempotencyKeyInFlight], 422: [RequestErrorCode.idempotencyKeyReused] },
            { body: true },
          ),
        },
      },
    },
    async (request, reply) => {
      const result = await idempotency.run(
        { scope: 'POST /api/v1/customers', key: request.headers['idempotency-key'], body: request.body },
        (tx) => insertCustomer(tx, request.body),
        { atomic: true },
      )
      return replyIdempotent(reply, result, `/api/v1/customers/${result.body.id}`)
    },
  )

  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'List customers, newest first (cursor pagination)',
        querystring: CustomerListQuery,
        response: { 200: CustomerPage, ...errorResponses({ 400: [RequestErrorCode.cursorInvalid] }) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      return listCustomers(db, { limit, after: cursor === undefined ? undefined : decodeCursor(cursor) })
    },
  )

  app.get(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Get a customer',
        params: IdParams,
        response: { 200: Customer, ...errorResponses({ 404: ['ORDERS_CUSTOMER_NOT_FOUND'] }) },
      },
    },
    async (request) => {
      const customer = await findCustomer(db, request.params.id)
      if (!customer) throw new CustomerNotFoundError(request.params.id)
      return customer
    },
  )

  app.patch(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Change a customer: only the fields sent; null clears email or phone',
        params: IdParams,
        body: UpdateCustomerBody,
        response: {
          200: Customer,
          ...errorResponses({ 404: ['ORDERS_CUSTOMER_NOT_FOUND'] }, { body: true }),
        },
      },
    },
    async (request) => {
      const customer = await updateCustomer(db, request.params.id, request.body)
      if (!customer) throw new CustomerNotFoundError(request.params.id)
      return customer
    },
  )

  app.delete(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Delete a customer that has no orders',
        params: IdParams,
        response: {
          204: Type.Null({ description: 'Deleted' }),
          ...errorResponses({ 404: ['ORDERS_CUSTOMER_NOT_FOUND'], 409: ['ORDERS_CUSTOMER_REFERENCED'] }),
        },
      },
    },
    async (request, reply) => {
      const outcome = await deleteCustomer(db, request.params.id)
      if (outcome === 'missing') throw new CustomerNotFoundError(request.params.id)
      if (outcome === 'referenced') throw new CustomerReferencedError(request.params.id)
      return reply.code(204).send(null)
    },
  )
}
