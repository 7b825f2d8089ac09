import swagger from '@fastify/swagger'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { exampleDefinition } from '../../test/fixtures/example-definition.js'
import { loadServiceConfig } from '../config/service-config.js'
import { buildServiceApp } from './build-service-app.js'
import { installLazyOpenApi } from './openapi-docs.js'

const options = {
  openapi: { openapi: '3.1.0', info: { title: 'example', description: 'fixture', version: '1.0.0' } },
}

const Item = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'what it is' },
    at: { type: 'string', format: 'date-time' },
  },
}

async function routes(app: FastifyInstance): Promise<void> {
  await app.register(
    async (api) => {
      api.get(
        '/items/:id',
        {
          schema: {
            tags: ['items'],
            params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
            querystring: { type: 'object', properties: { limit: { type: 'integer', maximum: 100 } } },
            response: { 200: Item, 404: { type: 'object', properties: { code: { type: 'string' } } } },
          },
        },
        async () => ({ name: 'rye' }),
      )
      api.post(
        '/items',
        {
          schema: {
            body: Item,
            headers: { type: 'object', properties: { 'idempotency-key': { type: 'string' } } },
            response: { 201: Item },
          },
        },
        async () => ({ name: 'rye' }),
      )
      api.get('/internal', { schema: { hide: true } }, async () => ({}))
    },
    { prefix: '/api/v1' },
  )
}

describe('the OpenAPI document generated on its first request', () => {
  it('is the document @fastify/swagger registered on the app generates', async () => {
    const eager = Fastify()
    await eager.register(swagger, options)
    await routes(eager)
    await eager.ready()
    const lazy = Fastify()
    installLazyOpenApi(lazy, options, (o) => Fastify(o) as FastifyInstance)
    await routes(lazy)
    const res = await lazy.inject('/docs/json')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(eager.swagger())))
    expect(Object.keys(res.json().paths)).toEqual(['/api/v1/items/{id}', '/api/v1/items'])
    // Generated once: the second request answers the same document.
    expect((await lazy.inject('/docs/json')).json()).toEqual(res.json())
    await Promise.all([eager.close(), lazy.close()])
  })
})

describe('a service', () => {
  it('serves the same /docs/json with Swagger UI (development) and without it (production)', async () => {
    // Never connected to: the pool is lazy and nothing here verifies.
    const env = { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/d', LOG_LEVEL: 'silent' }
    const [withUi, without] = await Promise.all(
      ['true', 'false'].map((ui) =>
        buildServiceApp(exampleDefinition, loadServiceConfig({ ...env, DOCS_UI: ui })),
      ),
    )
    const [a, b] = await Promise.all([withUi, without].map((app) => app?.inject('/docs/json')))
    expect(b?.statusCode).toBe(200)
    expect(b?.json()).toEqual(a?.json())
    expect(Object.keys(b?.json().paths)).toContain('/api/v1/items')
    await Promise.all([withUi?.close(), without?.close()])
  })
})
