import swagger from '@fastify/swagger'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { openApiDocumentProblems } from './openapi-document.js'

async function appWithDocument(notFoundDescription: string, openapi = '3.1.0') {
  const app = Fastify()
  await app.register(swagger, { openapi: { openapi, info: { title: 't', version: '1' } } })
  app.get(
    '/things/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 200: { type: 'object' }, 404: { description: notFoundDescription, type: 'object' } },
      },
    },
    async () => ({}),
  )
  app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger())
  await app.ready()
  return app
}

describe('openApiDocumentProblems', () => {
  it('finds nothing wrong in a 3.1 document whose errors name their codes', async () => {
    const app = await appWithDocument('`THING_NOT_FOUND`: no thing has this id.')
    expect(await openApiDocumentProblems(app)).toEqual([])
    await app.close()
  })

  it('names an error response that carries no code', async () => {
    const app = await appWithDocument('Not found')
    expect(await openApiDocumentProblems(app)).toEqual([
      'get /things/{id} 404 names no error code: "Not found"',
    ])
    await app.close()
  })

  it('names a document that is not OpenAPI 3.1', async () => {
    const app = await appWithDocument('`THING_NOT_FOUND`', '3.0.3')
    expect(await openApiDocumentProblems(app)).toContain('openapi is 3.0.3, not 3.1.x')
    await app.close()
  })

  it('names a service without a document', async () => {
    const app = Fastify()
    expect(await openApiDocumentProblems(app)).toEqual(['GET /docs/json answered 404'])
    await app.close()
  })
})
