import { pageOf } from '@bakery/service-base/http'
import { type Static, Type } from 'typebox'
import { PageQuery, Timestamp } from './common-schemas.js'

export const Customer = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
})
export type CustomerView = Static<typeof Customer>

export const CreateCustomerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{3,32}$' })),
  },
  { additionalProperties: false },
)
export type CreateCustomerInput = Static<typeof CreateCustomerBody>

export const CustomerListQuery = Type.Object(PageQuery, { additionalProperties: false })

export const CustomerPage = pageOf(Customer)
