import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findCustomer, insertCustomer, listCustomers } from '../db/customer-queries.js'
import type { OrdersDb } from '../db/database.js'
import { runIdempotent } from '../db/idempotent.js'
import { decodeCursor } from '../domain/cursor.js'
import { CustomerNotFoundError } from '../errors.js'
import { ErrorBody, errorResponses, IdempotencyHeaders, IdParams } from './common-schemas.js'
import { CreateCustomerBody, Customer, CustomerListQuery, CustomerPage } from './customer-schemas.js'

const tags = ['customers']

export const customerRoutes: FastifyPluginAsyncTypebox<{ db: OrdersDb }> = async (app, { db }) => {
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
        response: { 201: Customer, 400: ErrorBody, 422: ErrorBody },
      },
    },
    async (request, reply) => {
      const result = await runIdempotent(
        db,
        { scope: 'POST /api/v1/customers', key: request.headers['idempotency-key'], body: request.body },
        (tx) => insertCustomer(tx, request.body),
      )
      if (result.replayed) reply.header('idempotent-replayed', 'true')
      return reply.code(result.statusCode as 201).send(result.body)
    },
  )

  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'List customers, newest first (cursor pagination)',
        querystring: CustomerListQuery,
        response: { 200: CustomerPage, 400: ErrorBody },
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
        response: { 200: Customer, ...errorResponses },
      },
    },
    async (request) => {
      const customer = await findCustomer(db, request.params.id)
      if (!customer) throw new CustomerNotFoundError(request.params.id)
      return customer
    },
  )
}
