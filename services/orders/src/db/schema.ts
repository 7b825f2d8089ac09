/** The orders database: every table drizzle-kit generates migrations from. */
export { customers } from './schema/customers.js'
export { idempotencyKeys } from './schema/idempotency-keys.js'
export { orderLines } from './schema/order-lines.js'
export { orders } from './schema/orders.js'
