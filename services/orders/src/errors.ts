import createError from '@fastify/error'

// One code per error; clients and tests branch on `code`. Messages say what is wrong and what to do.

export const OrderNotFoundError = createError(
  'ORDERS_NOT_FOUND',
  'Order %s does not exist; list orders with GET /api/v1/orders',
  404,
)

export const CustomerNotFoundError = createError(
  'ORDERS_CUSTOMER_NOT_FOUND',
  'Customer %s does not exist; list customers with GET /api/v1/customers',
  404,
)

export const CustomerReferencedError = createError(
  'ORDERS_CUSTOMER_REFERENCED',
  'Customer %s has orders and cannot be deleted; customers with orders are kept for their history.',
  409,
)

export const CustomerUnknownError = createError(
  'ORDERS_CUSTOMER_UNKNOWN',
  'body.customerId: customer %s does not exist; create the customer first (POST /api/v1/customers).',
  422,
)

export const IllegalTransitionError = createError<
  'ORDERS_ILLEGAL_TRANSITION',
  409,
  [string, string, string, string, string]
>('ORDERS_ILLEGAL_TRANSITION', 'Order %s cannot move from %s to %s; allowed from %s: %s.', 409)

export const TransitionConflictError = createError(
  'ORDERS_TRANSITION_CONFLICT',
  'Order %s left status %s while this request ran (another transition won); read the order and retry.',
  409,
)

export const DateRangeInvalidError = createError(
  'ORDERS_DATE_RANGE_INVALID',
  'querystring.createdFrom must be before querystring.createdTo (the range is [createdFrom, createdTo)).',
  400,
)
