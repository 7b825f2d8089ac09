import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, createCustomer, orderBody, startTestApp, type TestApp } from './test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('customers API', () => {
  it('creates a customer and gets it back', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { name: 'Hotel du Parc', email: 'chef@hotel-du-parc.example', phone: '+33 1 23 45 67 89' },
    })
    expect(res.statusCode).toBe(201)
    const created = res.json()
    expect(created).toMatchObject({ name: 'Hotel du Parc', email: 'chef@hotel-du-parc.example' })
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt)

    const got = await t.app.inject({ method: 'GET', url: `/api/v1/customers/${created.id}` })
    expect(got.statusCode).toBe(200)
    expect(got.json()).toEqual(created)
  })

  it('answers 404 ORDERS_CUSTOMER_NOT_FOUND for an unknown id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/customers/00000000-0000-4000-8000-000000000000',
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('ORDERS_CUSTOMER_NOT_FOUND')
  })

  it('rejects a malformed id with 400 naming the parameter', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/customers/42' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'REQUEST_INVALID', field: 'params.id' })
  })

  it('rejects bad bodies with 400 naming the field and stores nothing', async () => {
    const before = await countRows(t.sql)
    const cases: [unknown, string][] = [
      [{}, 'body.name'],
      [{ name: '' }, 'body.name'],
      [{ name: 'A', email: 'not-an-email' }, 'body.email'],
      [{ name: 'A', vip: true }, 'body.vip'],
    ]
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/customers', payload: payload as object })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json()).toMatchObject({ code: 'REQUEST_INVALID', field })
      expect(res.json().message).toContain(field)
    }
    expect(await countRows(t.sql)).toEqual(before)
  })

  it('lists customers newest first across pages without overlap', async () => {
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      await t.app.inject({ method: 'POST', url: '/api/v1/customers', payload: { name: `Page ${name}` } })
    }
    const { customers } = await countRows(t.sql)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2'
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/customers?${query}` })
      expect(res.statusCode).toBe(200)
      const page = res.json()
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((c: { id: string }) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(customers as number)
    expect(new Set(seen).size).toBe(seen.length)
    const first = await t.app.inject({ method: 'GET', url: '/api/v1/customers?limit=1' })
    expect(first.json().items[0].name).toBe('Page E')
  })

  it('rejects a forged cursor and an out-of-range limit with 400', async () => {
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/customers?cursor=abc' })
    expect(forged.statusCode).toBe(400)
    expect(forged.json().code).toBe('REQUEST_CURSOR_INVALID')
    const limit = await t.app.inject({ method: 'GET', url: '/api/v1/customers?limit=1000' })
    expect(limit.statusCode).toBe(400)
    expect(limit.json().field).toBe('querystring.limit')
  })
})

describe('changing and deleting a customer', () => {
  it('changes only the fields sent, and null clears a phone number', async () => {
    const { id } = await createCustomer(t.app, 'Patch me')
    await t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, payload: { phone: '+33 1 23 45' } })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${id}`,
      payload: { name: 'Patched', phone: null },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id, name: 'Patched', phone: null })
  })

  it('refuses an empty change with 400 and an unknown customer with 404', async () => {
    const { id } = await createCustomer(t.app, 'Unchanged')
    const empty = await t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, payload: {} })
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'REQUEST_INVALID'])
    const unknown = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/customers/00000000-0000-4000-8000-000000000000',
      payload: { name: 'x' },
    })
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'ORDERS_CUSTOMER_NOT_FOUND'])
  })

  it('deletes a customer without orders (204, then 404)', async () => {
    const { id } = await createCustomer(t.app, 'Short-lived')
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/customers/${id}` })
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ url: `/api/v1/customers/${id}` })).statusCode).toBe(404)
    const again = await t.app.inject({ method: 'DELETE', url: `/api/v1/customers/${id}` })
    expect(again.json().code).toBe('ORDERS_CUSTOMER_NOT_FOUND')
  })

  it('refuses to delete a customer that has orders with 409, deleting nothing', async () => {
    const { id } = await createCustomer(t.app, 'Has orders')
    const order = await t.app.inject({ method: 'POST', url: '/api/v1/orders', payload: orderBody(id) })
    expect(order.statusCode).toBe(201)
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/customers/${id}` })
    expect([res.statusCode, res.json().code]).toEqual([409, 'ORDERS_CUSTOMER_REFERENCED'])
    expect((await t.app.inject({ url: `/api/v1/customers/${id}` })).statusCode).toBe(200)
  })
})
