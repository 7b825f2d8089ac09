import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, createLocation, startTestApp, type TestApp } from './helpers.js'

let t: TestApp
let id: string
beforeAll(async () => {
  t = await startTestApp()
  id = await createLocation(t.app)
})
afterAll(async () => {
  await t?.close()
})

const day = (date: string, extra: Record<string, unknown> = {}) => ({
  date,
  kind: 'observation',
  tempMinC: 8.5,
  tempMaxC: 19.25,
  precipitationMm: 1.2,
  condition: 'rain',
  ...extra,
})
const ingest = (payload: object, locationId = id) =>
  t.app.inject({ method: 'POST', url: `/api/v1/locations/${locationId}/weather`, payload })

describe('weather ingestion', () => {
  it('stores a batch and reports what it inserted', async () => {
    const response = await ingest([
      day('2024-05-01'),
      day('2024-05-02'),
      day('2024-05-02', { kind: 'forecast' }),
    ])
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ received: 3, inserted: 3, updated: 0, unchanged: 0 })
  })

  it('stores the same observation once when it is ingested twice', async () => {
    const again = await ingest([day('2024-05-01'), day('2024-05-02')])
    expect(again.json()).toEqual({ received: 2, inserted: 0, updated: 0, unchanged: 2 })
    const [row] = await t.sql`SELECT count(*)::int AS n FROM weather_days WHERE date = '2024-05-01'`
    expect(row?.n).toBe(1)
  })

  it('updates a known day whose values changed (a corrected observation)', async () => {
    const response = await ingest([day('2024-05-01', { tempMaxC: 20 }), day('2024-05-03')])
    expect(response.json()).toEqual({ received: 2, inserted: 1, updated: 1, unchanged: 0 })
    const [row] =
      await t.sql`SELECT temp_max_c::text AS t, source FROM weather_days WHERE date = '2024-05-01'`
    expect(row).toEqual({ t: '20.00', source: 'api' })
  })

  it.each([
    ['an empty batch', [], 'REQUEST_INVALID', /body must have at least 1 item/],
    ['a bad date', [day('2024-02-30')], 'REQUEST_INVALID', /body\.0\.date/],
    ['an unknown kind', [day('2024-06-01', { kind: 'guess' })], 'REQUEST_INVALID', /body\.0\.kind/],
    ['an unknown field', [day('2024-06-01', { humidity: 3 })], 'REQUEST_INVALID', /humidity/],
    ['min above max', [day('2024-06-01', { tempMinC: 30 })], 'EXTERNAL_VALUE_INVALID', /body\.0\.tempMinC/],
    [
      'three decimals',
      [day('2024-06-01'), day('2024-06-02', { precipitationMm: 0.125 })],
      'EXTERNAL_VALUE_INVALID',
      /body\.1\.precipitationMm/,
    ],
    [
      'a repeated day',
      [day('2024-06-01'), day('2024-06-01')],
      'EXTERNAL_BATCH_DUPLICATE_KEY',
      /body\.1 repeats/,
    ],
  ])('refuses %s with 400 and stores nothing', async (_name, payload, code, message) => {
    const before = await countRows(t.sql)
    const response = await ingest(payload)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code, message: expect.stringMatching(message) })
    expect(await countRows(t.sql)).toEqual(before)
  })

  it('refuses more than 1000 items with 413 EXTERNAL_BATCH_TOO_LARGE', async () => {
    const before = await countRows(t.sql)
    const payload = Array.from({ length: 1001 }, (_, i) =>
      day(new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)),
    )
    const response = await ingest(payload)
    expect(response.statusCode).toBe(413)
    expect(response.json()).toMatchObject({
      code: 'EXTERNAL_BATCH_TOO_LARGE',
      message: expect.stringMatching(/1001 items.*at most 1000/),
    })
    expect(await countRows(t.sql)).toEqual(before)
  })

  it('accepts exactly 1000 items', async () => {
    const payload = Array.from({ length: 1000 }, (_, i) =>
      day(new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10), { kind: 'forecast' }),
    )
    const response = await ingest(payload)
    expect(response.json()).toEqual({ received: 1000, inserted: 1000, updated: 0, unchanged: 0 })
  })

  it('answers 404 for an unknown location and stores nothing', async () => {
    const before = await countRows(t.sql)
    const response = await ingest([day('2024-07-01')], '00000000-0000-4000-8000-000000000000')
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'EXTERNAL_LOCATION_NOT_FOUND' })
    expect(await countRows(t.sql)).toEqual(before)
  })
})

describe('weather queries', () => {
  const list = (query: string) => t.app.inject({ url: `/api/v1/locations/${id}/weather?${query}` })

  it('returns a range as exact decimals, filtered by kind', async () => {
    const response = await list('from=2024-05-01&to=2024-05-02&kind=observation')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      items: [
        expect.objectContaining({
          date: '2024-05-01',
          kind: 'observation',
          tempMinC: '8.50',
          tempMaxC: '20.00',
          precipitationMm: '1.20',
          condition: 'rain',
          source: 'api',
        }),
        expect.objectContaining({ date: '2024-05-02', kind: 'observation' }),
      ],
      nextCursor: null,
    })
  })

  it('pages through a range with the cursor, without gaps or repeats', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const response = await list(`from=2024-05-01&to=2024-05-03&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      const body = response.json()
      seen.push(...body.items.map((d: { date: string; kind: string }) => `${d.date}/${d.kind}`))
      cursor = body.nextCursor
    } while (cursor)
    expect(seen).toEqual([
      '2024-05-01/observation',
      '2024-05-02/forecast',
      '2024-05-02/observation',
      '2024-05-03/observation',
    ])
  })

  it.each([
    ['from after to', 'from=2024-05-02&to=2024-05-01', 'EXTERNAL_RANGE_INVALID'],
    ['a range over 366 days', 'from=2023-01-01&to=2024-05-01', 'EXTERNAL_RANGE_TOO_LONG'],
    ['a missing bound', 'from=2024-05-01', 'REQUEST_INVALID'],
    ['a limit over 200', 'from=2024-05-01&to=2024-05-02&limit=201', 'REQUEST_INVALID'],
    ['a forged cursor', 'from=2024-05-01&to=2024-05-02&cursor=WyJ4Il0', 'REQUEST_CURSOR_INVALID'],
  ])('refuses %s with 400', async (_name, query, code) => {
    const response = await list(query)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code })
  })
})
