import { fileURLToPath } from 'node:url'
import { defineService } from '@bakery/service-base'
import { createIdempotency } from '@bakery/service-base/http'
import type { ExternalConfig } from './config.js'
import * as schema from './db/schema.js'
import { OpenMeteoWeatherProvider } from './providers/open-meteo.js'
import { dailySummaryRoutes } from './routes/daily-summary.js'
import { eventRoutes } from './routes/events.js'
import { locationChangeRoutes } from './routes/location-changes.js'
import { locationRoutes } from './routes/locations.js'
import { trafficRoutes } from './routes/traffic.js'
import { weatherRoutes } from './routes/weather.js'
import { weatherSyncRoutes } from './routes/weather-sync.js'

export const SERVICE_VERSION = '0.1.0'

/** Works from src/ (tests) and from the bundled dist/main.js and dist/migrate.js alike. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url))

/** The external service: outside data (weather, traffic, holidays, events) per bakery location. */
export const externalService = defineService<typeof schema, ExternalConfig>({
  name: 'external',
  version: SERVICE_VERSION,
  migrationsFolder,
  schema,
  openapi: {
    title: 'bakery-ia external',
    description:
      'Locations, daily weather, hourly traffic, public holidays and local events, and a daily summary.',
  },
  routes: async (app, { db, config }) => {
    const provider = new OpenMeteoWeatherProvider({
      baseUrl: config.weatherProvider.url,
      timeoutMs: config.weatherProvider.timeoutMs,
    })
    const opts = { prefix: '/api/v1', db }
    const idempotency = createIdempotency(db, config.idempotency)
    await app.register(locationRoutes, { ...opts, idempotency })
    await app.register(locationChangeRoutes, opts)
    await app.register(weatherRoutes, opts)
    await app.register(weatherSyncRoutes, { ...opts, provider })
    await app.register(trafficRoutes, opts)
    await app.register(eventRoutes, opts)
    await app.register(dailySummaryRoutes, opts)
  },
})
