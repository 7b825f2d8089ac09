import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './test-app.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('items API', () => {
  it('creates an item and gets it back', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/items', payload: { name: 'Baguette' } })
    expect(res.statusCode).toBe(201)
    const created = res.json()
    expect(created).toMatchObject({ name: 'Baguette', id: expect.stringMatching(/^[0-9a-f-]{36}$/) })

    const got = await t.app.inject({ method: 'GET', url: `/api/v1/items/${created.id}` })
    expect(got.statusCode).toBe(200)
    expect(got.json()).toEqual(created)
  })

  it('answers a retried Idempotency-Key with the first item, its Location, and stores it once', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/items',
        headers: { 'idempotency-key': 'retry-1' },
        payload: { name: 'Retried' },
      })
    const first = await send()
    const again = await send()
    expect(first.statusCode).toBe(201)
    expect(first.headers.location).toBe(`/api/v1/items/${first.json().id}`)
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json()).toEqual(first.json())
    const [row] = await t.sql`SELECT count(*)::int AS count FROM items WHERE name = 'Retried'`
    expect(row?.count).toBe(1)
  })

  it('lists the newest items first', async () => {
    for (const name of ['first', 'second']) {
      await t.app.inject({ method: 'POST', url: '/api/v1/items', payload: { name } })
    }
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/items?limit=2' })
    expect(res.statusCode).toBe(200)
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual(['second', 'first'])
  })

  it('answers 404 __NAME___ITEM_NOT_FOUND for an unknown id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/items/00000000-0000-4000-8000-000000000000',
    })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: '__NAME___ITEM_NOT_FOUND' })
  })

  it('rejects an invalid body with a coded 400 and stores nothing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/items', payload: { name: '' } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: expect.any(String) })
    const [row] = await t.sql`SELECT count(*)::int AS count FROM items WHERE name = ''`
    expect(row?.count).toBe(0)
  })
})
