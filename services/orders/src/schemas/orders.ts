import { DecimalString, pageOf } from '@bakery/service-base/http'
import { type Static, Type } from 'typebox'
import { ORDER_STATUSES } from '../domain/order-status.js'
import { PageQuery, Timestamp } from './common.js'

export const OrderStatus = Type.Enum([...ORDER_STATUSES], {
  description: 'pending → confirmed → in_production → ready → delivered; or cancelled before ready.',
})

// Decimal strings, never JSON numbers. The limits match the numeric(p, s) columns.
const Quantity = DecimalString({
  pattern: '^(?!0+(?:\\.0+)?$)(?:0|[1-9][0-9]{0,6})(?:\\.[0-9]{1,3})?$',
  description: 'Decimal string > 0 with at most 3 decimals, e.g. "12" or "1.5" (kg).',
  examples: ['2', '1.250'],
})
const Price = DecimalString({
  pattern: '^(?:0|[1-9][0-9]{0,7})(?:\\.[0-9]{1,2})?$',
  description: 'Decimal string ≥ 0 with at most 2 decimals, e.g. "3.40".',
  examples: ['3.40'],
})
const Money = Type.String({ description: 'Decimal string with 2 decimals, computed by the service.' })

export const OrderLineInput = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    quantity: Quantity,
    unitPrice: Price,
  },
  { additionalProperties: false },
)

export const CreateOrderBody = Type.Object(
  {
    customerId: Type.String({ format: 'uuid' }),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' })),
    deliveryDate: Type.Optional(Type.String({ format: 'date' })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
    lines: Type.Array(OrderLineInput, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
)
export type CreateOrderInput = Static<typeof CreateOrderBody>

export const OrderLine = Type.Object({
  lineNo: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  quantity: Type.String(),
  unitPrice: Type.String(),
  lineTotal: Money,
})

const orderFields = {
  id: Type.String({ format: 'uuid' }),
  customerId: Type.String({ format: 'uuid' }),
  status: OrderStatus,
  currency: Type.String(),
  total: Money,
  deliveryDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  notes: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}

export const OrderSummary = Type.Object(orderFields)
export type OrderSummaryView = Static<typeof OrderSummary>

export const Order = Type.Object({ ...orderFields, lines: Type.Array(OrderLine) })
export type OrderView = Static<typeof Order>

export const OrderListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(OrderStatus),
    customerId: Type.Optional(Type.String({ format: 'uuid' })),
    createdFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive.' })),
    createdTo: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive.' })),
  },
  { additionalProperties: false },
)
export type OrderListFilter = Static<typeof OrderListQuery>

export const OrderPage = pageOf(OrderSummary)

export const TransitionBody = Type.Object({ to: OrderStatus }, { additionalProperties: false })
