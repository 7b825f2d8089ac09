import {
  errorResponses,
  type Idempotency,
  IdempotencyHeaders,
  RequestErrorCode,
  replyIdempotent,
} from '@bakery/service-base/http'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type __Name__Db, findItem, type ItemRow, insertItem, listItems } from '../db/item-store.js'
import { ItemNotFoundError } from '../errors.js'
import { CreateItemBody, Item, ItemList, ItemListQuery, ItemParams, type ItemView } from '../schemas/items.js'

const tags = ['items']

function toView(row: ItemRow): ItemView {
  return { ...row, createdAt: row.createdAt.toISOString() }
}

export const itemRoutes: FastifyPluginAsyncTypebox<{
  db: __Name__Db
  idempotency: Idempotency<__Name__Db>
}> = async (app, { db, idempotency }) => {
  app.post(
    '/items',
    {
      schema: {
        tags,
        summary: 'Create an item',
        description:
          'Honours `Idempotency-Key`: a retry with the same key and body returns the first answer.',
        headers: IdempotencyHeaders,
        body: CreateItemBody,
        response: {
          201: Item,
          ...errorResponses(
            {
              409: [RequestErrorCode.idempotencyKeyInFlight],
              422: [RequestErrorCode.idempotencyKeyReused],
            },
            { body: true },
          ),
        },
      },
    },
    async (request, reply) => {
      const result = await idempotency.run(
        { scope: 'POST /api/v1/items', key: request.headers['idempotency-key'], body: request.body },
        async (tx) => toView(await insertItem(tx, request.body)),
      )
      return replyIdempotent(reply, result, `/api/v1/items/${result.body.id}`)
    },
  )

  app.get(
    '/items',
    {
      schema: {
        tags,
        summary: 'List items, newest first',
        querystring: ItemListQuery,
        response: { 200: ItemList, ...errorResponses({}) },
      },
    },
    async (request) => ({ items: (await listItems(db, request.query.limit)).map(toView) }),
  )

  app.get(
    '/items/:id',
    {
      schema: {
        tags,
        summary: 'Get an item',
        params: ItemParams,
        response: { 200: Item, ...errorResponses({ 404: ['__NAME___ITEM_NOT_FOUND'] }) },
      },
    },
    async (request) => {
      const item = await findItem(db, request.params.id)
      if (!item) throw new ItemNotFoundError(request.params.id)
      return toView(item)
    },
  )
}
