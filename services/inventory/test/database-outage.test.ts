import { freePort } from '@bakery/service-base/testing'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

// A port nothing listens on: every query fails with ECONNREFUSED, as during a database outage.
let app: FastifyInstance

beforeAll(async () => {
  const port = await freePort()
  app = await buildApp(
    loadConfig({ DATABASE_URL: `postgres://inventory@127.0.0.1:${port}/inventory`, LOG_LEVEL: 'silent' }),
  )
})
afterAll(async () => {
  await app?.close()
})

describe('when the database is down', () => {
  it('answers 503 SVC_DB_UNAVAILABLE with retry-after, not 500', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/ingredients' })
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('1')
    expect(res.json().code).toBe('SVC_DB_UNAVAILABLE')
  })

  it('still answers liveness, and readiness 503', async () => {
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503)
  })
})
