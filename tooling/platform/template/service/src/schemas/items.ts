import { type Static, Type } from 'typebox'

// Request and response schemas of /api/v1/items, shared by the routes and the tests.

export const Item = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type ItemView = Static<typeof Item>

export const CreateItemBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)

export const ItemParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

export const ItemListQuery = Type.Object(
  { limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }) },
  { additionalProperties: false },
)

export const ItemList = Type.Object({ items: Type.Array(Item) })
