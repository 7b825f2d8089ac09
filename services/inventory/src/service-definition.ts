import { fileURLToPath } from 'node:url'
import { defineService } from '@bakery/service-base'
import { createIdempotency } from '@bakery/service-base/http'
import type { InventoryConfig } from './config.js'
import * as schema from './db/schema.js'
import { apiRoutes } from './routes/api.js'

/** The inventory service as the chassis sees it. */
export const inventoryService = defineService<typeof schema, InventoryConfig>({
  name: 'inventory',
  version: '0.1.0',
  // Resolves to services/inventory/drizzle from src/ (tests) and from the bundled dist/ alike.
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  schema,
  openapi: {
    title: 'bakery-ia inventory',
    description:
      'Ingredients, an append-only ledger of stock movements, and current stock that never goes negative. Quantities are decimal strings.',
  },
  routes: async (app, { db, config }) => {
    const idempotency = createIdempotency(db, config.idempotency)
    await app.register(apiRoutes, { prefix: '/api/v1', db, idempotency })
  },
})
