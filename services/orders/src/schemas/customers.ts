import { pageOf } from '@bakery/service-base/http'
import { type Static, Type } from 'typebox'
import { PageQuery, Timestamp } from './common.js'

export const Customer = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
})
export type CustomerView = Static<typeof Customer>

const Phone = Type.String({
  pattern: '^\\+?[0-9 ()-]{3,32}$',
  description: 'a phone number: 3-32 digits, spaces, parentheses or dashes, optionally after a +',
})

export const CreateCustomerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Type.Optional(Phone),
  },
  { additionalProperties: false },
)
export type CreateCustomerInput = Static<typeof CreateCustomerBody>

/** Only the fields sent change; `null` clears an e-mail address or a phone number. */
export const UpdateCustomerBody = Type.Object(
  {
    name: Type.Optional(CreateCustomerBody.properties.name),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCustomerInput = Static<typeof UpdateCustomerBody>

export const CustomerListQuery = Type.Object(PageQuery, { additionalProperties: false })

export const CustomerPage = pageOf(Customer)
