import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type __Name__Db, findItem, type ItemRow, insertItem, listItems } from '../db/item-store.js'
import { ItemNotFoundError } from '../errors.js'
import {
  CreateItemBody,
  ErrorBody,
  Item,
  ItemList,
  ItemListQuery,
  ItemParams,
  type ItemView,
} from '../schemas/items.js'

const tags = ['items']

function toView(row: ItemRow): ItemView {
  return { ...row, createdAt: row.createdAt.toISOString() }
}

export const itemRoutes: FastifyPluginAsyncTypebox<{ db: __Name__Db }> = async (app, { db }) => {
  app.post(
    '/items',
    {
      schema: {
        tags,
        summary: 'Create an item',
        body: CreateItemBody,
        response: { 201: Item, 400: ErrorBody },
      },
    },
    async (request, reply) => reply.code(201).send(toView(await insertItem(db, request.body))),
  )

  app.get(
    '/items',
    {
      schema: {
        tags,
        summary: 'List items, newest first',
        querystring: ItemListQuery,
        response: { 200: ItemList },
      },
    },
    async (request) => ({ items: (await listItems(db, request.query.limit)).map(toView) }),
  )

  app.get(
    '/items/:id',
    { schema: { tags, summary: 'Get an item', params: ItemParams, response: { 200: Item, 404: ErrorBody } } },
    async (request) => {
      const item = await findItem(db, request.params.id)
      if (!item) throw new ItemNotFoundError(request.params.id)
      return toView(item)
    },
  )
}
