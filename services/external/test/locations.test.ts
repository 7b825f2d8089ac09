import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, createLocation, madrid, startTestApp, type TestApp } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

describe('locations', () => {
  it('creates a location and returns it with exact coordinates', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/locations', payload: madrid })
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ ...madrid, latitude: '40.416775', longitude: '-3.703790' })
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)

    const fetched = await t.app.inject({ url: `/api/v1/locations/${body.id}` })
    expect(fetched.statusCode).toBe(200)
    expect(fetched.json()).toEqual(body)
  })

  it('refuses a second location with the same name with 409', async () => {
    await createLocation(t.app, { name: 'Twice' })
    const before = await countRows(t.sql)
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      payload: { ...madrid, name: 'Twice' },
    })
    expect(response.statusCode).toBe(409)
    expect(response.json()).toMatchObject({ code: 'EXTERNAL_LOCATION_NAME_TAKEN' })
    expect(await countRows(t.sql)).toEqual(before)
  })

  it.each([
    ['a missing field', { ...madrid, city: undefined }, 'REQUEST_INVALID', /city/],
    ['an unknown field', { ...madrid, name: 'X1', color: 'red' }, 'REQUEST_INVALID', /color/],
    ['a latitude out of range', { ...madrid, name: 'X2', latitude: 91 }, 'REQUEST_INVALID', /latitude/],
    [
      'too many decimals',
      { ...madrid, name: 'X3', latitude: 40.1234567 },
      'EXTERNAL_VALUE_INVALID',
      /body\.latitude has more than 6 decimal places/,
    ],
    [
      'a made-up time zone',
      { ...madrid, name: 'X4', timezone: 'Mars/Base' },
      'EXTERNAL_VALUE_INVALID',
      /body\.timezone/,
    ],
    ['a malformed region', { ...madrid, name: 'X5', region: 'madrid' }, 'REQUEST_INVALID', /region/],
  ])('refuses %s with 400, naming the field, and stores nothing', async (_name, payload, code, message) => {
    const before = await countRows(t.sql)
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/locations', payload })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code, message: expect.stringMatching(message) })
    expect(await countRows(t.sql)).toEqual(before)
  })

  it('answers 404 with the service code for an unknown id, 400 for a malformed one', async () => {
    const unknown = await t.app.inject({ url: '/api/v1/locations/00000000-0000-4000-8000-000000000000' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ code: 'EXTERNAL_LOCATION_NOT_FOUND' })
    const malformed = await t.app.inject({ url: '/api/v1/locations/not-a-uuid' })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ code: 'REQUEST_INVALID', field: 'params.id' })
  })

  it('lists locations by name, a page at a time', async () => {
    // A database of its own: the other tests' locations would otherwise decide what the pages hold.
    const own = await startTestApp()
    try {
      await listsByName(own)
    } finally {
      await own.close()
    }
  })

  it('refuses a forged cursor with 400 REQUEST_CURSOR_INVALID', async () => {
    const response = await t.app.inject({ url: '/api/v1/locations?cursor=Zm9v' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'REQUEST_CURSOR_INVALID' })
  })
})

describe('service surface', () => {
  it('documents every API route in /docs/json', async () => {
    const response = await t.app.inject({ url: '/docs/json' })
    expect(response.statusCode).toBe(200)
    const paths = Object.keys(response.json().paths)
    expect(paths.sort()).toEqual(
      [
        '/api/v1/events',
        '/api/v1/locations',
        '/api/v1/locations/{id}',
        '/api/v1/locations/{id}/daily-summary',
        '/api/v1/locations/{id}/traffic',
        '/api/v1/locations/{id}/weather',
        '/api/v1/locations/{id}/weather/sync',
      ].sort(),
    )
  })

  it('answers unknown routes with 404 ROUTE_NOT_FOUND', async () => {
    const response = await t.app.inject({ url: '/api/v1/nowhere' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
  })
})

async function listsByName(own: TestApp): Promise<void> {
  for (const name of ['Zarzuela', 'Centro', 'Arganzuela']) await createLocation(own.app, { name })
  const first = await own.app.inject({ url: '/api/v1/locations?limit=2' })
  expect(first.statusCode).toBe(200)
  const page1 = first.json()
  expect(page1.items.map((l: { name: string }) => l.name)).toEqual(['Arganzuela', 'Centro'])
  expect(page1.nextCursor).toEqual(expect.any(String))
  const second = await own.app.inject({ url: `/api/v1/locations?limit=2&cursor=${page1.nextCursor}` })
  expect(second.json()).toEqual({
    items: [expect.objectContaining({ name: 'Zarzuela' })],
    nextCursor: null,
  })
}

describe('changing a location', () => {
  it('renames a location and changes its city, nothing else', async () => {
    const id = await createLocation(t.app, { name: 'Before rename' })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/locations/${id}`,
      payload: { name: 'After rename', city: 'Alcalá' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id, name: 'After rename', city: 'Alcalá', timezone: 'Europe/Madrid' })
  })

  it('refuses a taken name with 409, coordinates with 400 and an unknown id with 404', async () => {
    await createLocation(t.app, { name: 'Taken name' })
    const id = await createLocation(t.app, { name: 'Wants the name' })
    const patch = (url: string, payload: object) => t.app.inject({ method: 'PATCH', url, payload })
    const taken = await patch(`/api/v1/locations/${id}`, { name: 'Taken name' })
    expect([taken.statusCode, taken.json().code]).toEqual([409, 'EXTERNAL_LOCATION_NAME_TAKEN'])
    const moved = await patch(`/api/v1/locations/${id}`, { latitude: 1 })
    expect([moved.statusCode, moved.json().field]).toEqual([400, 'body.latitude'])
    const unknown = await patch('/api/v1/locations/00000000-0000-4000-8000-000000000000', { city: 'X' })
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'EXTERNAL_LOCATION_NOT_FOUND'])
  })
})
