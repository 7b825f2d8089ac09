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

const hour = (measuredAt: string, intensity = 100, occupancyPct: number | null = 10) => ({
  measuredAt,
  intensity,
  occupancyPct,
})
const ingestTraffic = (payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/locations/${id}/traffic`, payload })

describe('traffic', () => {
  it('ingests hours idempotently and updates changed ones', async () => {
    const batch = [hour('2024-05-01T08:00:00+02:00'), hour('2024-05-01T09:00:00+02:00', 250, 20.5)]
    expect((await ingestTraffic(batch)).json()).toEqual({
      received: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
    })
    expect((await ingestTraffic(batch)).json()).toEqual({
      received: 2,
      inserted: 0,
      updated: 0,
      unchanged: 2,
    })
    // The same instant written in UTC is the same hour.
    const changed = await ingestTraffic([hour('2024-05-01T06:00:00Z', 120)])
    expect(changed.json()).toEqual({ received: 1, inserted: 0, updated: 1, unchanged: 0 })
  })

  it.each([
    [
      'a time inside an hour',
      [hour('2024-05-01T08:30:00+02:00')],
      'EXTERNAL_VALUE_INVALID',
      /body\.0\.measuredAt/,
    ],
    [
      'a negative intensity',
      [hour('2024-05-01T10:00:00+02:00', -1)],
      'REQUEST_INVALID',
      /body\.0\.intensity/,
    ],
    [
      'occupancy over 100',
      [hour('2024-05-01T10:00:00+02:00', 1, 100.5)],
      'EXTERNAL_VALUE_INVALID',
      /body\.0\.occupancyPct/,
    ],
    ['a time without offset', [hour('2024-05-01T10:00:00')], 'REQUEST_INVALID', /body\.0\.measuredAt/],
    [
      'the same hour twice',
      [hour('2024-05-01T10:00:00+02:00'), hour('2024-05-01T08:00:00Z')],
      'EXTERNAL_BATCH_DUPLICATE_KEY',
      /body\.1 repeats the measuredAt of body\.0/,
    ],
  ])('refuses %s with 400 and stores nothing', async (_name, payload, code, message) => {
    const before = await countRows(t.sql)
    const response = await ingestTraffic(payload)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code, message: expect.stringMatching(message) })
    expect(await countRows(t.sql)).toEqual(before)
  })

  it("lists the hours of the location's local days, paged", async () => {
    // 23:00 Madrid on 30 April is 21:00Z: outside 1 May local; 00:00 Madrid on 2 May is 22:00Z on 1 May.
    await ingestTraffic([hour('2024-04-30T23:00:00+02:00'), hour('2024-05-02T00:00:00+02:00')])
    const first = await t.app.inject({
      url: `/api/v1/locations/${id}/traffic?from=2024-05-01&to=2024-05-01&limit=1`,
    })
    expect(first.statusCode).toBe(200)
    const page1 = first.json()
    expect(page1.items).toEqual([
      {
        measuredAt: '2024-05-01T06:00:00.000Z',
        intensity: 120,
        occupancyPct: '10.00',
        updatedAt: expect.any(String),
      },
    ])
    const second = await t.app.inject({
      url: `/api/v1/locations/${id}/traffic?from=2024-05-01&to=2024-05-01&cursor=${page1.nextCursor}`,
    })
    expect(second.json()).toEqual({
      items: [expect.objectContaining({ measuredAt: '2024-05-01T07:00:00.000Z', occupancyPct: '20.50' })],
      nextCursor: null,
    })
  })

  it('refuses a traffic range over 31 days', async () => {
    const response = await t.app.inject({
      url: `/api/v1/locations/${id}/traffic?from=2024-01-01&to=2024-03-01`,
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'EXTERNAL_RANGE_TOO_LONG' })
  })
})

const ingestEvents = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/events', payload })

describe('holidays and local events', () => {
  it('ingests holidays (by region) and local events (by location) idempotently', async () => {
    const batch = [
      { date: '2024-05-01', kind: 'public_holiday', name: 'Fiesta del Trabajo', region: 'ES' },
      {
        date: '2024-05-02',
        kind: 'public_holiday',
        name: 'Fiesta de la Comunidad de Madrid',
        region: 'ES-MD',
      },
      { date: '2024-05-15', kind: 'local_event', name: 'San Isidro fair', locationId: id },
      { date: '2024-05-15', kind: 'public_holiday', name: 'Sant Isidre', region: 'ES-CT' },
    ]
    expect((await ingestEvents(batch)).json()).toEqual({ received: 4, inserted: 4, updated: 0, unchanged: 0 })
    expect((await ingestEvents(batch)).json()).toEqual({ received: 4, inserted: 0, updated: 0, unchanged: 4 })
    const reclassified = await ingestEvents([{ ...batch[2], kind: 'public_holiday' }])
    expect(reclassified.json()).toEqual({ received: 1, inserted: 0, updated: 1, unchanged: 0 })
    await ingestEvents([{ ...batch[2], kind: 'local_event' }])
  })

  it.each([
    [
      'both scopes',
      [
        {
          date: '2024-05-03',
          kind: 'local_event',
          name: 'x',
          region: 'ES',
          locationId: '00000000-0000-4000-8000-000000000000',
        },
      ],
      400,
      'EXTERNAL_VALUE_INVALID',
      /body\.0 must have exactly one of region/,
    ],
    [
      'no scope',
      [{ date: '2024-05-03', kind: 'local_event', name: 'x' }],
      400,
      'EXTERNAL_VALUE_INVALID',
      /body\.0 must have exactly one/,
    ],
    [
      'an unknown kind',
      [{ date: '2024-05-03', kind: 'party', name: 'x', region: 'ES' }],
      400,
      'REQUEST_INVALID',
      /body\.0\.kind/,
    ],
    [
      'an unknown location',
      [
        {
          date: '2024-05-03',
          kind: 'local_event',
          name: 'x',
          locationId: '00000000-0000-4000-8000-000000000000',
        },
      ],
      404,
      'EXTERNAL_LOCATION_NOT_FOUND',
      /00000000-0000-4000-8000-000000000000/,
    ],
  ])('refuses %s and stores nothing', async (_name, payload, status, code, message) => {
    const before = await countRows(t.sql)
    const response = await ingestEvents(payload)
    expect(response.statusCode).toBe(status)
    expect(response.json()).toMatchObject({ code, message: expect.stringMatching(message) })
    expect(await countRows(t.sql)).toEqual(before)
  })

  it('lists what applies to a location: its events, its region and its country', async () => {
    const response = await t.app.inject({
      url: `/api/v1/events?from=2024-05-01&to=2024-05-31&locationId=${id}`,
    })
    expect(response.statusCode).toBe(200)
    expect(response.json().items.map((e: { name: string }) => e.name)).toEqual([
      'Fiesta del Trabajo',
      'Fiesta de la Comunidad de Madrid',
      'San Isidro fair',
    ])
  })

  it('filters by exact region and pages', async () => {
    const first = await t.app.inject({ url: '/api/v1/events?from=2024-05-01&to=2024-05-31&limit=2' })
    const page1 = first.json()
    expect(page1.items).toHaveLength(2)
    const second = await t.app.inject({
      url: `/api/v1/events?from=2024-05-01&to=2024-05-31&limit=2&cursor=${page1.nextCursor}`,
    })
    expect(second.json().items).toHaveLength(2)
    expect(second.json().nextCursor).toBeNull()
    const catalonia = await t.app.inject({ url: '/api/v1/events?from=2024-05-01&to=2024-05-31&region=ES-CT' })
    expect(catalonia.json().items.map((e: { name: string }) => e.name)).toEqual(['Sant Isidre'])
  })
})

describe('daily summary', () => {
  it('joins weather, traffic per local day and applicable events, one row per day', async () => {
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${id}/weather`,
      payload: [
        { date: '2024-05-01', kind: 'forecast', tempMinC: 7, tempMaxC: 18, condition: 'cloudy' },
        {
          date: '2024-05-01',
          kind: 'observation',
          tempMinC: 8.5,
          tempMaxC: 19.5,
          precipitationMm: 0.4,
          condition: 'drizzle',
        },
        { date: '2024-05-02', kind: 'forecast', tempMinC: 10, tempMaxC: 22 },
      ],
    })
    const response = await t.app.inject({
      url: `/api/v1/locations/${id}/daily-summary?from=2024-04-30&to=2024-05-03`,
    })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body).toMatchObject({
      locationId: id,
      timezone: 'Europe/Madrid',
      from: '2024-04-30',
      to: '2024-05-03',
    })
    expect(body.days).toEqual([
      {
        date: '2024-04-30',
        weather: null,
        traffic: { totalIntensity: 100, peakIntensity: 100, avgOccupancyPct: '10.00', hoursMeasured: 1 },
        events: [],
        isPublicHoliday: false,
      },
      {
        date: '2024-05-01',
        // The observation wins over the forecast of the same day.
        weather: {
          kind: 'observation',
          tempMinC: '8.50',
          tempMaxC: '19.50',
          precipitationMm: '0.40',
          condition: 'drizzle',
          source: 'api',
        },
        traffic: { totalIntensity: 370, peakIntensity: 250, avgOccupancyPct: '15.25', hoursMeasured: 2 },
        events: [{ name: 'Fiesta del Trabajo', kind: 'public_holiday', region: 'ES' }],
        isPublicHoliday: true,
      },
      {
        date: '2024-05-02',
        weather: {
          kind: 'forecast',
          tempMinC: '10.00',
          tempMaxC: '22.00',
          precipitationMm: null,
          condition: null,
          source: 'api',
        },
        traffic: { totalIntensity: 100, peakIntensity: 100, avgOccupancyPct: '10.00', hoursMeasured: 1 },
        events: [{ name: 'Fiesta de la Comunidad de Madrid', kind: 'public_holiday', region: 'ES-MD' }],
        isPublicHoliday: true,
      },
      { date: '2024-05-03', weather: null, traffic: null, events: [], isPublicHoliday: false },
    ])
  })

  it.each([
    ['from after to', 'from=2024-05-03&to=2024-05-01', 400, 'EXTERNAL_RANGE_INVALID'],
    ['a range over 366 days', 'from=2023-01-01&to=2024-12-31', 400, 'EXTERNAL_RANGE_TOO_LONG'],
    ['a malformed date', 'from=2024-5-1&to=2024-05-03', 400, 'REQUEST_INVALID'],
  ])('refuses %s', async (_name, query, status, code) => {
    const response = await t.app.inject({ url: `/api/v1/locations/${id}/daily-summary?${query}` })
    expect(response.statusCode).toBe(status)
    expect(response.json()).toMatchObject({ code })
  })

  it('answers 404 for an unknown location', async () => {
    const response = await t.app.inject({
      url: '/api/v1/locations/00000000-0000-4000-8000-000000000000/daily-summary?from=2024-05-01&to=2024-05-02',
    })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ code: 'EXTERNAL_LOCATION_NOT_FOUND' })
  })
})
