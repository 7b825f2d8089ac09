import { freePort } from '@bakery/service-base/testing'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

let app: FastifyInstance
beforeAll(async () => {
  // Nothing listens on this port: every query fails to connect.
  const port = await freePort()
  app = await buildApp(
    loadConfig({
      DATABASE_URL: `postgres://u:p@127.0.0.1:${port}/external`,
      LOG_LEVEL: 'silent',
      DB_CONNECT_TIMEOUT: '1',
    }),
  )
})
afterAll(async () => {
  await app?.close()
})

it.each([
  ['a drizzle query', '/api/v1/locations'],
  [
    'the summary SQL',
    '/api/v1/locations/00000000-0000-4000-8000-000000000000/daily-summary?from=2024-01-01&to=2024-01-02',
  ],
])('answers 503 SVC_DB_UNAVAILABLE, not 500, when the database is down during %s', async (_name, url) => {
  const response = await app.inject({ url })
  expect(response.statusCode).toBe(503)
  expect(response.headers['retry-after']).toBe('1')
  expect(response.json()).toMatchObject({ code: 'SVC_DB_UNAVAILABLE' })
})
