/** The orders database: every table drizzle-kit generates migrations from. */

// The chassis' table: drizzle-kit generates it here, the chassis purges expired keys.
export { idempotencyKeys } from '@bakery/service-base/http'
export { customers } from './schema/customers.js'
export { orderLines } from './schema/order-lines.js'
export { orders } from './schema/orders.js'
