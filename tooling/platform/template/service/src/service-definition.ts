import { fileURLToPath } from 'node:url'
import { defineService } from '@bakery/service-base'
import { createIdempotency } from '@bakery/service-base/http'
import packageJson from '../package.json' with { type: 'json' }
import type { __Name__Config } from './config.js'
import * as schema from './db/schema.js'
import { itemRoutes } from './routes/items.js'

/** The __name__ service as the chassis sees it. */
export const __name__Service = defineService<typeof schema, __Name__Config>({
  name: '__name__',
  version: packageJson.version,
  // Resolves from src/ (tests) and from the bundled dist/*.js alike: both sit one level below.
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  schema,
  openapi: { title: 'bakery-ia __name__', description: 'Items of the __name__ service.' },
  routes: async (app, { db, config }) => {
    const idempotency = createIdempotency(db, config.idempotency)
    await app.register(itemRoutes, { prefix: '/api/v1', db, idempotency })
  },
})
