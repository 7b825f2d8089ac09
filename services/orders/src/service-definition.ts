import { fileURLToPath } from 'node:url'
import { defineService } from '@bakery/service-base'
import { createIdempotency } from '@bakery/service-base/http'
import packageJson from '../package.json' with { type: 'json' }
import type { OrdersConfig } from './config.js'
import * as schema from './db/schema.js'
import { customerRoutes } from './routes/customers.js'
import { orderRoutes } from './routes/orders.js'

/** The orders service as the chassis sees it. */
export const ordersService = defineService<typeof schema, OrdersConfig>({
  name: 'orders',
  version: packageJson.version,
  // Resolves from src/ (tests) and from the bundled dist/*.js alike: both sit one level below.
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  schema,
  openapi: {
    title: 'bakery-ia orders',
    description:
      'Customers, orders and order lines. Money and quantities are decimal strings; totals are computed by the service.',
  },
  routes: async (app, { db, config }) => {
    const idempotency = createIdempotency(db, config.idempotency)
    await app.register(customerRoutes, { prefix: '/api/v1', db, idempotency })
    await app.register(orderRoutes, { prefix: '/api/v1', db, idempotency })
  },
})
