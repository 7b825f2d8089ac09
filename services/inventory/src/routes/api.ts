import type { FastifyPluginAsync } from 'fastify'
import type { InventoryDb } from '../db/client.js'
import { ingredientRoutes } from './ingredients.js'
import { stockRoutes } from './stock.js'

/** Every /api/v1 route of the service. */
export const apiRoutes: FastifyPluginAsync<{ db: InventoryDb }> = async (app, { db }) => {
  await app.register(ingredientRoutes, { db })
  await app.register(stockRoutes, { db })
}
