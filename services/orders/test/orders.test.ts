import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, createCustomer, orderBody, startTestApp, type TestApp } from './test-app.js'

let t: TestApp
let customerId: string
beforeAll(async () => {
  t = await startTestApp()
  customerId = (await createCustomer(t.app)).id
})
afterAll(async () => {
  await t?.close()
})

const post = (payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/orders', payload: payload as object })

describe('creating and reading orders', () => {
  it('computes line totals and the order total server-side, in exact decimals', async () => {
    const res = await post(
      orderBody(customerId, {
        deliveryDate: '2025-12-24',
        notes: 'Back door, before 7am',
        lines: [
          { sku: 'BAGUETTE', name: 'Baguette', quantity: '3', unitPrice: '0.10' },
          { sku: 'RYE-KG', name: 'Rye bread by weight', quantity: '0.333', unitPrice: '2.50' },
        ],
      }),
    )
    expect(res.statusCode).toBe(201)
    const order = res.json()
    expect(order).toMatchObject({
      customerId,
      status: 'pending',
      currency: 'EUR',
      total: '1.13',
      deliveryDate: '2025-12-24',
      notes: 'Back door, before 7am',
    })
    expect(order.lines).toEqual([
      {
        lineNo: 1,
        sku: 'BAGUETTE',
        name: 'Baguette',
        quantity: '3.000',
        unitPrice: '0.10',
        lineTotal: '0.30',
      },
      {
        lineNo: 2,
        sku: 'RYE-KG',
        name: 'Rye bread by weight',
        quantity: '0.333',
        unitPrice: '2.50',
        lineTotal: '0.83',
      },
    ])
    const [stored] = await t.sql`SELECT total::text FROM orders WHERE id = ${order.id}`
    expect(stored?.total).toBe('1.13')

    const got = await t.app.inject({ method: 'GET', url: `/api/v1/orders/${order.id}` })
    expect(got.statusCode).toBe(200)
    expect(got.json()).toEqual(order)
  })

  it('leaves deliveryDate and notes null when omitted', async () => {
    const res = await post(orderBody(customerId))
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ deliveryDate: null, notes: null, total: '19.50' })
  })

  it('answers 404 ORDERS_NOT_FOUND for an unknown order', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/orders/00000000-0000-4000-8000-000000000000',
    })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'ORDERS_NOT_FOUND' })
  })

  it('answers 422 ORDERS_CUSTOMER_UNKNOWN for an order of an unknown customer, storing nothing', async () => {
    const before = await countRows(t.sql)
    const res = await post(orderBody('00000000-0000-4000-8000-000000000000'))
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('ORDERS_CUSTOMER_UNKNOWN')
    expect(await countRows(t.sql)).toEqual(before)
  })

  it('rejects bad input with 400 naming the field, storing nothing', async () => {
    const line = { sku: 'B', name: 'B', quantity: '1', unitPrice: '1.00' }
    const cases: [unknown, string, string][] = [
      [{ lines: [line] }, 'REQUEST_INVALID', 'body.customerId'],
      [orderBody(customerId, { lines: [] }), 'REQUEST_INVALID', 'body.lines'],
      [
        orderBody(customerId, { lines: [{ ...line, quantity: '0' }] }),
        'REQUEST_INVALID',
        'body.lines.0.quantity',
      ],
      [
        orderBody(customerId, { lines: [{ ...line, quantity: '-1' }] }),
        'REQUEST_INVALID',
        'body.lines.0.quantity',
      ],
      [
        orderBody(customerId, { lines: [{ ...line, unitPrice: '1.001' }] }),
        'REQUEST_INVALID',
        'body.lines.0.unitPrice',
      ],
      [
        orderBody(customerId, { lines: [line, { ...line, unitPrice: 1.1 }] }),
        'REQUEST_INVALID',
        'body.lines.1.unitPrice',
      ],
      [
        orderBody(customerId, { lines: [{ ...line, quantity: 2 }] }),
        'REQUEST_INVALID',
        'body.lines.0.quantity',
      ],
      [orderBody(customerId, { total: '0.01' }), 'REQUEST_INVALID', 'body.total'],
      [
        orderBody(customerId, { lines: [{ ...line, lineTotal: '9' }] }),
        'REQUEST_INVALID',
        'body.lines.0.lineTotal',
      ],
      [orderBody(customerId, { deliveryDate: 'tomorrow' }), 'REQUEST_INVALID', 'body.deliveryDate'],
      [orderBody(customerId, { currency: 'euro' }), 'REQUEST_INVALID', 'body.currency'],
    ]
    const before = await countRows(t.sql)
    for (const [payload, code, field] of cases) {
      const res = await post(payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json().code).toBe(code)
      expect(res.json().message).toContain(field)
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"customerId":',
    })
    expect(notJson.statusCode).toBe(400)
    expect(await countRows(t.sql)).toEqual(before)
  })
})

describe('listing orders', () => {
  let other: string
  beforeAll(async () => {
    other = (await createCustomer(t.app, 'Le Bistrot')).id
    for (let i = 0; i < 5; i++) await post(orderBody(other))
  })

  it('filters by customer and pages with a stable cursor, newest first', async () => {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const q: string = `customerId=${other}&limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/orders?${q}` })
      expect(res.statusCode).toBe(200)
      const page = res.json()
      for (const o of page.items) expect(o.customerId).toBe(other)
      for (const o of page.items) expect(o).not.toHaveProperty('lines')
      ids.push(...page.items.map((o: { id: string }) => o.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(ids).toHaveLength(5)
    expect(new Set(ids).size).toBe(5)
    const [newest] =
      await t.sql`SELECT id FROM orders WHERE customer_id = ${other} ORDER BY created_at DESC, id DESC LIMIT 1`
    expect(ids[0]).toBe(newest?.id)
  })

  it('filters by status', async () => {
    const [one] = await t.sql`SELECT id FROM orders WHERE customer_id = ${other} LIMIT 1`
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${one?.id}/transitions`,
      payload: { to: 'confirmed' },
    })
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/orders?status=confirmed' })
    expect(res.json().items.map((o: { id: string }) => o.id)).toEqual([one?.id])
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/orders?status=baked' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().field).toBe('querystring.status')
  })

  it('filters by creation time as a half-open range [createdFrom, createdTo)', async () => {
    await t.sql`UPDATE orders SET created_at = '2024-01-01T00:00:00Z' WHERE id = (SELECT id FROM orders WHERE customer_id = ${other} LIMIT 1)`
    const from = encodeURIComponent('2024-01-01T00:00:00Z')
    const to = encodeURIComponent('2024-01-02T00:00:00Z')
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/orders?createdFrom=${from}&createdTo=${to}`,
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toHaveLength(1)
    const excluded = await t.app.inject({ method: 'GET', url: `/api/v1/orders?createdTo=${from}` })
    expect(excluded.json().items).toHaveLength(0)
  })

  it('rejects an empty or inverted date range and a malformed date', async () => {
    const at = encodeURIComponent('2024-01-01T00:00:00Z')
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/orders?createdFrom=${at}&createdTo=${at}` })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('ORDERS_DATE_RANGE_INVALID')
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/orders?createdFrom=yesterday' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().field).toBe('querystring.createdFrom')
  })
})
