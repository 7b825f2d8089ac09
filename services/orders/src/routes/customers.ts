import {
  errorResponses,
  type Idempotency,
  IdempotencyHeaders,
  RequestErrorCode,
  replyIdempotent,
} from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findCustomer, insertCustomer, listCustomers } from '../db/customer-queries.js'
import type { OrdersDb } from '../db/database.js'
import { decodeCursor } from '../domain/cursor.js'
import { CustomerNotFoundError } from '../errors.js'
import { IdParams } from './common-schemas.js'
import { CreateCustomerBody, Customer, CustomerListQuery, CustomerPage } from './customer-schemas.js'

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
}
