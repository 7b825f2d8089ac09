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

  it('answers unknown routes with 404 ROUTE_NOT_FOUND', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/invoices' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ROUTE_NOT_FOUND')
  })
})
