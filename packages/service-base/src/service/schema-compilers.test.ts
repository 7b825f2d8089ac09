import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { loadServiceConfig } from '../config/service-config.js'
import { recordRoutes } from '../testing/compiled-schemas.js'
import { restoringCompilers, type SchemaCompilers } from './schema-compilers.js'
import { chooseSchemaCompilers, installValidation, schemaControllerOptions } from './validation.js'

const Item = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', maxLength: 5 }, at: { type: 'string', format: 'date-time' } },
}
const View = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
}

// Never connected to: the pool is lazy and nothing here verifies.
const DATABASE_URL = 'postgres://u:p@127.0.0.1:1/d'

const routes = (item: object) => (app: FastifyInstance) => {
  app.post('/items', { schema: { body: item, response: { 200: View } } }, async (request) => ({
    ...(request.body as object),
    at: new Date('2024-05-01T10:00:00Z'),
    note: null,
    secret: 'never serialized',
  }))
}

async function appWith(compilers: SchemaCompilers, item: object): Promise<FastifyInstance> {
  const app = Fastify(schemaControllerOptions(compilers))
  installValidation(app, compilers)
  routes(item)(app)
  await app.ready()
  return app
}

function capturedLog() {
  const warnings: Array<Record<string, unknown>> = []
  const log = Fastify().log
  return {
    warnings,
    log: { ...log, warn: (obj: Record<string, unknown>) => warnings.push(obj) } as typeof log,
  }
}

describe('route schemas compiled at build time', () => {
  it('validate and serialize exactly as the ones compiled at start, and compile nothing', async () => {
    const restored = await appWith(restoringCompilers(await recordRoutes(routes(Item)), Fastify().log), Item)
    const fresh = await appWith(
      await chooseSchemaCompilers(loadServiceConfig({ DATABASE_URL }), Fastify().log),
      Item,
    )
    expect(restored.schemaCompilation).toMatchObject({ mode: 'restored', restored: 2, compiledAtStart: [] })
    expect(fresh.schemaCompilation.mode).toBe('fresh')
    for (const payload of [
      { name: 'bread' },
      { name: 'baguette' },
      { name: 1 },
      { name: 'a', extra: 1 },
      {},
    ]) {
      const [a, b] = await Promise.all(
        [restored, fresh].map((app) => app.inject({ method: 'POST', url: '/items', payload })),
      )
      expect({ status: a?.statusCode, body: a?.json() }).toEqual({ status: b?.statusCode, body: b?.json() })
    }
    const ok = await restored.inject({ method: 'POST', url: '/items', payload: { name: 'rye' } })
    expect(ok.json()).toEqual({ name: 'rye', at: '2024-05-01T10:00:00.000Z', note: null })
    await Promise.all([restored.close(), fresh.close()])
  })

  it('never serve a schema changed since the build: it is compiled before ready, and named', async () => {
    const built = await recordRoutes(routes(Item))
    const changed = { ...Item, properties: { ...Item.properties, name: { type: 'string', maxLength: 2 } } }
    const { warnings, log } = capturedLog()
    const app = await appWith(restoringCompilers(built, log), changed)
    expect(app.schemaCompilation.compiledAtStart).toEqual(['POST /items body'])
    expect(warnings).toEqual([expect.objectContaining({ code: 'SVC_SCHEMAS_STALE' })])
    const res = await app.inject({ method: 'POST', url: '/items', payload: { name: 'rye' } })
    expect(res.statusCode).toBe(400)
    expect(
      (await app.inject({ method: 'POST', url: '/items', payload: { name: 'ry' } })).json(),
    ).toMatchObject({
      name: 'ry',
    })
    await app.close()
  })

  it('a production build without them says so and compiles at start', async () => {
    const { warnings, log } = capturedLog()
    const env = { DATABASE_URL, ENVIRONMENT: 'production' }
    const compilers = await chooseSchemaCompilers(loadServiceConfig(env), log)
    expect(compilers.state.mode).toBe('fresh')
    expect(warnings).toEqual([expect.objectContaining({ code: 'SVC_SCHEMAS_NOT_PRECOMPILED' })])
  })

  it('refuse to start from a SCHEMAS_FILE that is not there', async () => {
    const env = {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:1/d',
      SCHEMAS_FILE: '/nonexistent/compiled-schemas.cjs',
    }
    await expect(chooseSchemaCompilers(loadServiceConfig(env), Fastify().log)).rejects.toMatchObject({
      code: 'MODULE_NOT_FOUND',
    })
  })
})
