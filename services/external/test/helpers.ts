import { fileURLToPath } from 'node:url'
import {
  type SchemaSource,
  startTestApp as startServiceTestApp,
  type TestApp,
} from '@bakery/service-base/testing'
import type { FastifyInstance } from 'fastify'
import type postgres from 'postgres'
import { inject } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { migrationsFolder } from '../src/service-definition.js'

export type { TestApp }

/** The route schemas' code the build generated: what a production start serves from. */
export const compiledSchemasFile = fileURLToPath(new URL('../dist/compiled-schemas.cjs', import.meta.url))

/** A fresh, migrated database and the app built on it (never listening). */
export function startTestApp(
  env: Record<string, string> = {},
  schemas: SchemaSource = 'build',
): Promise<TestApp> {
  return startServiceTestApp({
    adminUrl: inject('postgresAdminUrl'),
    service: 'external',
    migrationsFolder,
    build: (appEnv) => buildApp(loadConfig(appEnv)),
    env: { ...(schemas === 'build' ? { SCHEMAS_FILE: compiledSchemasFile } : {}), ...env },
  })
}

export const madrid = {
  name: 'Centro',
  city: 'Madrid',
  region: 'ES-MD',
  latitude: 40.416775,
  longitude: -3.70379,
  timezone: 'Europe/Madrid',
}

/** Creates a location through the API and returns its id. */
export async function createLocation(
  app: FastifyInstance,
  overrides: Partial<typeof madrid> = {},
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/locations',
    payload: { ...madrid, ...overrides },
  })
  if (response.statusCode !== 201) throw new Error(`creating a location failed: ${response.body}`)
  return response.json().id
}

/** Row counts of the service's tables, to prove a refused request changed nothing. */
export async function countRows(sql: postgres.Sql): Promise<Record<string, number>> {
  const [row] = await sql`
    SELECT (SELECT count(*) FROM locations)::int AS locations,
           (SELECT count(*) FROM weather_days)::int AS weather,
           (SELECT count(*) FROM traffic_hours)::int AS traffic,
           (SELECT count(*) FROM calendar_events)::int AS events`
  return { ...row }
}
