import type { FastifyPluginAsync } from 'fastify'
import type { InventoryDb } from '../db/client.js'
import { unwrapQueryError } from '../db/pg-error.js'
import { ingredientRoutes } from './ingredients.js'
import { stockRoutes } from './stock.js'

/** Every /api/v1 route of the service. */
export const apiRoutes: FastifyPluginAsync<{ db: InventoryDb }> = async (app, { db }) => {
  // Workaround: drizzle-orm wraps driver errors in DrizzleQueryError, hiding the `code` the chassis
  // error handler reads to answer 503 on a database outage. Rethrowing hands the unwrapped error
  // to that (parent) handler, which stays the one place that shapes error responses.
  app.setErrorHandler((error) => {
    throw unwrapQueryError(error)
  })
  await app.register(ingredientRoutes, { db })
  await app.register(stockRoutes, { db })
}
