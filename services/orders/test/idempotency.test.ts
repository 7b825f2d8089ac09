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

const postOrder = (key: string | undefined, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: key === undefined ? {} : { 'idempotency-key': key },
    payload: payload as object,
  })

describe('Idempotency-Key on POST /api/v1/orders', () => {
  it('returns the first answer to a retry and creates nothing new', async () => {
    const before = await countRows(t.sql)
    const first = await postOrder('retry-1', orderBody(customerId))
    const again = await postOrder('retry-1', orderBody(customerId))
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.body).toBe(first.body)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(first.headers['idempotent-replayed']).toBeUndefined()
    const after = await countRows(t.sql)
    expect(after.orders).toBe((before.orders as number) + 1)
    expect(after.lines).toBe((before.lines as number) + 2)
  })

  it('treats the same body with keys in another order as the same request', async () => {
    const body = orderBody(customerId)
    const first = await postOrder('retry-2', body)
    const reordered = { lines: body.lines, customerId: body.customerId }
    const again = await postOrder('retry-2', reordered)
    expect(again.statusCode).toBe(201)
    expect(again.json().id).toBe(first.json().id)
  })

  it('answers 422 REQUEST_IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    await postOrder('retry-3', orderBody(customerId))
    const before = await countRows(t.sql)
    const res = await postOrder('retry-3', orderBody(customerId, { notes: 'changed my mind' }))
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('REQUEST_IDEMPOTENCY_KEY_REUSED')
    expect(await countRows(t.sql)).toEqual(before)
  })

  it('keeps no key for a failed request, so a corrected retry succeeds with it', async () => {
    const unknown = await postOrder('retry-4', orderBody('00000000-0000-4000-8000-000000000000'))
    expect(unknown.statusCode).toBe(422)
    const [key] = await t.sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'retry-4'`
    expect(key?.n).toBe(0)
    const fixed = await postOrder('retry-4', orderBody(customerId))
    expect(fixed.statusCode).toBe(201)
  })

  it('creates exactly one order when 20 identical requests arrive at once', async () => {
    const before = await countRows(t.sql)
    const results = await Promise.all(
      Array.from({ length: 20 }, () => postOrder('burst-1', orderBody(customerId, { notes: 'burst' }))),
    )
    for (const r of results) expect(r.statusCode, r.body).toBe(201)
    expect(new Set(results.map((r) => r.body)).size).toBe(1)
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19)
    const [rows] = await t.sql`SELECT count(*)::int AS n FROM orders WHERE notes = 'burst'`
    expect(rows?.n).toBe(1)
    const after = await countRows(t.sql)
    expect(after.orders).toBe((before.orders as number) + 1)
    expect(after.keys).toBe((before.keys as number) + 1)
  })

  it('scopes keys per endpoint and validates the header', async () => {
    const customer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { 'idempotency-key': 'retry-1' },
      payload: { name: 'Same key, other endpoint' },
    })
    expect(customer.statusCode).toBe(201)
    const bad = await postOrder('has space', orderBody(customerId))
    expect(bad.statusCode).toBe(400)
    expect(bad.json().field).toBe('headers.idempotency-key')
  })
})

describe('Idempotency-Key on POST /api/v1/customers', () => {
  it('creates one customer for concurrent retries and rejects a reused key', async () => {
    const send = (name: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/customers',
        headers: { 'idempotency-key': 'cust-1' },
        payload: { name },
      })
    const results = await Promise.all(Array.from({ length: 10 }, () => send('Boulangerie Martin')))
    expect(new Set(results.map((r) => `${r.statusCode} ${r.body}`)).size).toBe(1)
    const [rows] = await t.sql`SELECT count(*)::int AS n FROM customers WHERE name = 'Boulangerie Martin'`
    expect(rows?.n).toBe(1)
    const reused = await send('Someone else')
    expect(reused.statusCode).toBe(422)
    expect(reused.json().code).toBe('REQUEST_IDEMPOTENCY_KEY_REUSED')
  })
})
