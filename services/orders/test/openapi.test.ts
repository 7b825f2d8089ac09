import { openApiDocumentProblems } from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('OpenAPI document', () => {
  it('lists every route with its schemas at /docs/json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/customers',
      '/api/v1/customers/{id}',
      '/api/v1/orders',
      '/api/v1/orders/{id}',
      '/api/v1/orders/{id}/transitions',
    ])
    const create = doc.paths['/api/v1/orders'].post
    expect(create.tags).toEqual(['orders'])
    expect(create.parameters.map((p: { name: string }) => p.name)).toContain('idempotency-key')
    expect(create.responses['201']).toBeDefined()
    expect(doc.paths['/api/v1/orders'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'customerId', 'createdFrom', 'createdTo', 'limit', 'cursor']),
    )
  })

  it('is an OpenAPI 3.1 document whose error responses name their codes', async () => {
    expect(await openApiDocumentProblems(t.app)).toEqual([])
  })

  it('lists the codes of each error response and declares only those that can happen', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json()
    const create = doc.paths['/api/v1/orders'].post.responses
    expect(Object.keys(create).sort()).toEqual(['201', '400', '409', '413', '415', '422'])
    expect(create['422'].description).toContain('ORDERS_CUSTOMER_UNKNOWN')
    expect(create['415'].description).toContain('REQUEST_MEDIA_TYPE_UNSUPPORTED')
    const get = doc.paths['/api/v1/orders/{id}'].get.responses
    expect(Object.keys(get).sort()).toEqual(['200', '400', '404'])
    expect(get['404'].description).toContain('ORDERS_NOT_FOUND')
  })

  it('answers unknown routes with 404 ROUTE_NOT_FOUND', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/invoices' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROUTE_NOT_FOUND')
  })
})
