import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordRoutes } from '../testing/compiled-schemas.js'
import { installErrorHandler } from './error-handler.js'
import { installNotFound } from './not-found.js'
import { genReqId, installRequestIdEcho } from './request-id.js'
import { freshCompilers, restoringCompilers, type SchemaCompilers } from './schema-compilers.js'
import { installValidation, schemaControllerOptions } from './validation.js'

const Location = {
  type: 'object',
  required: ['name', 'latitude'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    latitude: { type: 'number', minimum: -90, maximum: 90 },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
    quantity: { type: 'string', pattern: '^[0-9]+$', description: 'a whole number as a string, e.g. "12"' },
    unit: { enum: ['kg', 'g', 'unit'] },
    note: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] },
    price: { type: 'string', pattern: '^[0-9]+$', description: 'whole euros', $comment: 'decimal-string' },
  },
}

function addRoutes(app: FastifyInstance): void {
  app.post('/locations', { schema: { body: Location } }, async (request) => request.body)
  app.get(
    '/locations/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        querystring: { type: 'object', properties: { limit: { type: 'integer' } } },
      },
    },
    async (request) => ({ params: request.params, query: request.query }),
  )
}

async function buildApp(compilers: SchemaCompilers): Promise<FastifyInstance> {
  const app = Fastify({ genReqId, requestIdHeader: false, ...schemaControllerOptions(compilers) })
  installValidation(app, compilers)
  installRequestIdEcho(app)
  installErrorHandler(app)
  installNotFound(app)
  addRoutes(app)
  return app
}

// The production path: what the build records for these routes, restored (see schema-compilers.test.ts).
const sources: Array<[string, () => Promise<SchemaCompilers>]> = [
  ['compiled at start', () => freshCompilers(true)],
  ['compiled at build time', async () => restoringCompilers(await recordRoutes(addRoutes), Fastify().log)],
]

const post = (app: FastifyInstance, payload: unknown) =>
  app.inject({ method: 'POST', url: '/locations', payload: payload as object })

describe.each(sources)('the HTTP contract of the chassis, validators %s', (_name, compilers) => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildApp(await compilers())
    await app.ready()
    expect(app.schemaCompilation.compiledAtStart).toEqual([])
  })
  afterAll(() => app.close())

  it.each([
    ['a number for a string', { name: 123, latitude: 1 }, 'body.name', 'must be a string'],
    ['true for a string', { name: true, latitude: 1 }, 'body.name', 'must be a string'],
    ['an array for a string', { name: ['Bakery A'], latitude: 1 }, 'body.name', 'must be a string'],
    ['a string for a number', { name: 'A', latitude: '40.1' }, 'body.latitude', 'must be a number'],
    ['an array for a number', { name: 'A', latitude: [40] }, 'body.latitude', 'must be a number'],
  ])('refuses %s in a body instead of converting it', async (_name, payload, field, message) => {
    const res = await post(app, payload)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'REQUEST_INVALID', field, errors: [{ field, message }] })
  })

  it('still converts query strings and path parameters, which are text', async () => {
    const res = await app.inject('/locations/7?limit=20')
    expect(res.json()).toEqual({ params: { id: 7 }, query: { limit: 20 } })
  })

  it('reports every problem at once, each with its field', async () => {
    const res = await post(app, { name: '', latitude: 100, extra: 1 })
    expect(res.json().errors).toEqual([
      { field: 'body.extra', message: 'is not a known field; remove it' },
      { field: 'body.name', message: 'must not be empty' },
      { field: 'body.latitude', message: 'must be <= 90' },
    ])
    expect(res.json().message).toContain('body.name must not be empty')
  })

  it('words a pattern with the schema description, an enum with its values, a union as one sentence', async () => {
    const res = await post(app, { name: 'A', latitude: 1, quantity: '1.5', unit: 'kilo', note: 5 })
    expect(res.json().errors).toEqual([
      { field: 'body.quantity', message: 'is not valid: expected a whole number as a string, e.g. "12"' },
      { field: 'body.unit', message: 'must be one of: "kg", "g", "unit"' },
      { field: 'body.note', message: 'must be a string or null' },
    ])
    expect(res.body).not.toContain('^[0-9]')
  })

  it('refuses a decimal string sent as a JSON number, saying so', async () => {
    const res = await post(app, { name: 'A', latitude: 1, price: 2.5 })
    expect(res.json().errors).toEqual([
      {
        field: 'body.price',
        message:
          'must be a decimal string such as "2.50", not a JSON number (numbers lose precision): whole euros',
      },
    ])
  })

  it('names the missing field', async () => {
    const res = await post(app, { name: 'A' })
    expect(res.json()).toMatchObject({ field: 'body.latitude', errors: [{ message: 'is required' }] })
  })

  it.each([
    ['invalid JSON', 'application/json', '{"name":', 400, 'REQUEST_JSON_INVALID'],
    ['an empty JSON body', 'application/json', '', 400, 'REQUEST_BODY_EMPTY'],
    [
      'JSON sent as text/plain',
      'text/plain',
      '{"name":"A","latitude":1}',
      415,
      'REQUEST_MEDIA_TYPE_UNSUPPORTED',
    ],
    [
      'JSON without a content type',
      undefined,
      '{"name":"A","latitude":1}',
      415,
      'REQUEST_MEDIA_TYPE_UNSUPPORTED',
    ],
    ['a form', 'application/x-www-form-urlencoded', 'name=A', 415, 'REQUEST_MEDIA_TYPE_UNSUPPORTED'],
    [
      'a body over 1 MiB',
      'application/json',
      JSON.stringify({ name: 'x'.repeat(1_100_000) }),
      413,
      'REQUEST_BODY_TOO_LARGE',
    ],
  ])('answers %s with our code', async (_name, type, payload, status, code) => {
    const compilers = await freshCompilers(true)
    const app = Fastify({ bodyLimit: 1024 * 1024, ...schemaControllerOptions(compilers) })
    installValidation(app, compilers)
    installErrorHandler(app)
    app.post('/locations', { schema: { body: Location } }, async (request) => request.body)
    const res = await app.inject({
      method: 'POST',
      url: '/locations',
      payload,
      headers: type ? { 'content-type': type } : {},
    })
    expect([res.statusCode, res.json().code]).toEqual([status, code])
    expect(res.json().message).not.toMatch(/FST_/)
    await app.close()
  })

  it('answers a route that needs a body, sent none, with REQUEST_BODY_EMPTY', async () => {
    const res = await app.inject({ method: 'POST', url: '/locations' })
    expect([res.statusCode, res.json().code]).toEqual([400, 'REQUEST_BODY_EMPTY'])
  })

  it('answers a known path with a wrong method 405 and Allow; an unknown path 404', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/locations' })
    expect([res.statusCode, res.json().code, res.headers.allow]).toEqual([405, 'METHOD_NOT_ALLOWED', 'POST'])
    const param = await app.inject({ method: 'PUT', url: '/locations/3' })
    expect([param.statusCode, param.headers.allow]).toEqual([405, 'GET, HEAD'])
    const none = await app.inject({ method: 'GET', url: '/nowhere' })
    expect([none.statusCode, none.json().code]).toEqual([404, 'ROUTE_NOT_FOUND'])
  })

  it('echoes a well-formed x-request-id on every response and replaces a malformed one', async () => {
    const kept = await app.inject({ url: '/locations/1', headers: { 'x-request-id': 'abc-123' } })
    expect(kept.headers['x-request-id']).toBe('abc-123')
    const missing = await app.inject({ url: '/nowhere' })
    expect(missing.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    const hostile = await app.inject({ url: '/locations/1', headers: { 'x-request-id': 'x'.repeat(300) } })
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    const rejected = await post(app, { name: 1 })
    expect(rejected.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})
