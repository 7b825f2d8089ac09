import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { installFiniteNumberGuard } from './finite-numbers.js'

async function appWithLimit() {
  // The chassis's ajv options: coercion is what turns "1e999" into Infinity.
  const app = Fastify({
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false } },
  })
  installFiniteNumberGuard(app)
  app.get(
    '/items/:page',
    {
      schema: {
        params: { type: 'object', properties: { page: { type: 'integer', minimum: 0 } } },
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 100 }, q: { type: 'string' } },
        },
      },
    },
    async (request) => ({ query: request.query }),
  )
  return app
}

describe('installFiniteNumberGuard', () => {
  it('refuses query and path numbers that coerce to Infinity with 400 REQUEST_INVALID', async () => {
    const app = await appWithLimit()
    for (const [url, field] of [
      ['/items/1?limit=1e999', 'querystring.limit'],
      ['/items/1?limit=-Infinity', 'querystring.limit'],
      ['/items/1e400?limit=5', 'params.page'],
    ] as const) {
      const res = await app.inject({ url })
      expect([res.statusCode, res.json()]).toEqual([
        400,
        expect.objectContaining({ code: 'REQUEST_INVALID', field }),
      ])
    }
    await app.close()
  })

  it('lets finite numbers and non-numeric fields through', async () => {
    const app = await appWithLimit()
    expect((await app.inject({ url: '/items/1?limit=1e1&q=Infinity' })).json()).toEqual({
      query: { limit: 10, q: 'Infinity' },
    })
    await app.close()
  })
})
