import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { loadServiceConfig } from '../src/config/service-config.js'
import { buildServiceApp } from '../src/service/build-service-app.js'
import { defineService } from '../src/service/service-definition.js'

// Production skips checking route schemas against JSON Schema's meta-schema (compiling the
// meta-schema is the largest single cost of a start); development and the tests keep the check, so a
// bad schema never reaches production unnoticed. Nothing here connects: the pool is lazy.

function serviceWith(body: Record<string, unknown>) {
  return defineService({
    name: 'schemas',
    version: '1.0.0',
    migrationsFolder: '/unused',
    schema: {},
    routes: (app: FastifyInstance) => {
      app.post('/things', { schema: { body } }, async () => ({ ok: true }))
    },
  })
}

const env = (environment: string) => ({
  DATABASE_URL: 'postgres://u:p@127.0.0.1:1/unused',
  LOG_LEVEL: 'silent',
  ENVIRONMENT: environment,
})

describe('route schemas', () => {
  it('are checked against the meta-schema outside production: a bad one fails the start', async () => {
    const bad = { type: 'object', properties: { name: { type: 'string', minLength: 'two' } } }
    const app = await buildServiceApp(serviceWith(bad), loadServiceConfig(env('development')))
    await expect(app.ready()).rejects.toThrow(/schema is invalid/)
    await app.close()
  })

  it('still validate requests in production', async () => {
    const good = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', minLength: 2 } },
      additionalProperties: false,
    }
    const app = await buildServiceApp(serviceWith(good), loadServiceConfig(env('production')))
    try {
      const refused = await app.inject({ method: 'POST', url: '/things', payload: { name: 'x' } })
      expect(refused.statusCode).toBe(400)
      const accepted = await app.inject({ method: 'POST', url: '/things', payload: { name: 'xy' } })
      expect(accepted.statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })
})
