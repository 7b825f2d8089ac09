import type { Idempotency } from '@bakery/service-base/http'
import type { FastifyPluginAsync } from 'fastify'
import type { InventoryDb } from '../db/client.js'
import { ingredientRoutes } from './ingredients.js'
import { stockRoutes } from './stock.js'

/** Every /api/v1 route of the service. */
export const apiRoutes: FastifyPluginAsync<{
  db: InventoryDb
  idempotency: Idempotency<InventoryDb>
}> = async (app, { db, idempotency }) => {
  // Not `options` as a whole: it carries the /api/v1 prefix, which would apply twice.
  await app.register(ingredientRoutes, { db, idempotency })
  await app.register(stockRoutes, { db, idempotency })
}
