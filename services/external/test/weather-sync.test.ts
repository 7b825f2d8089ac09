import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '../src/domain/date-range.js'
import { localDate } from '../src/domain/local-time.js'
import { json, openMeteoDaily, startFakeOpenMeteo } from './fake-open-meteo.js'
import { countRows, createLocation, startTestApp, type TestApp } from './helpers.js'

let t: TestApp
let provider: Awaited<ReturnType<typeof startFakeOpenMeteo>>
let id: string
beforeAll(async () => {
  provider = await startFakeOpenMeteo()
  // The path prefix proves the adapter keeps it when resolving /v1/forecast.
  t = await startTestApp({
    WEATHER_PROVIDER_URL: `${provider.url}/meteo`,
    // Generous enough that a slow CI machine never turns a good answer into a timeout.
    WEATHER_PROVIDER_TIMEOUT_MS: '2000',
  })
  id = await createLocation(t.app)
})
afterAll(async () => {
  await t?.close()
  await provider?.close()
})

const sync = (from: string, to: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/locations/${id}/weather/sync?from=${from}&to=${to}` })

describe('weather sync from Open-Meteo', () => {
  it('asks /v1/forecast for the location and stores past days as observations', async () => {
    provider.handle((url, _req, res) => json(res, 200, openMeteoDaily(url, ['2024-05-01', '2024-05-02'])))
    const response = await sync('2024-05-01', '2024-05-02')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      provider: 'open-meteo',
      from: '2024-05-01',
      to: '2024-05-02',
      received: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      missingDates: [],
    })
    const asked = provider.requests.at(-1)
    expect(asked?.pathname).toBe('/meteo/v1/forecast')
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({
      latitude: '40.416775',
      longitude: '-3.703790',
      daily: 'weather_code,temperature_2m_max,temperature_2m_min,precipitation_sum',
      timezone: 'Europe/Madrid',
      start_date: '2024-05-01',
      end_date: '2024-05-02',
    })
    const rows = await t.sql`
      SELECT date::text, kind, temp_min_c::text AS min, precipitation_mm::text AS mm, condition, source
      FROM weather_days ORDER BY date`
    expect(rows).toEqual([
      {
        date: '2024-05-01',
        kind: 'observation',
        min: '9.00',
        mm: '0.00',
        condition: 'clear',
        source: 'open-meteo',
      },
      {
        date: '2024-05-02',
        kind: 'observation',
        min: '9.10',
        mm: '5.40',
        condition: 'rain',
        source: 'open-meteo',
      },
    ])
  })

  it('is idempotent: the same answer synced again changes nothing', async () => {
    provider.handle((url, _req, res) => json(res, 200, openMeteoDaily(url, ['2024-05-01', '2024-05-02'])))
    const response = await sync('2024-05-01', '2024-05-02')
    expect(response.json()).toMatchObject({ received: 2, inserted: 0, updated: 0, unchanged: 2 })
  })

  it("stores today and later as forecasts, on the location's clock", async () => {
    const today = localDate(new Date(), 'Europe/Madrid')
    const dates = [addDays(today, -1), today, addDays(today, 1)]
    provider.handle((url, _req, res) => json(res, 200, openMeteoDaily(url, dates)))
    const response = await sync(dates[0] as string, dates[2] as string)
    expect(response.json()).toMatchObject({ inserted: 3 })
    const rows =
      await t.sql`SELECT date::text, kind FROM weather_days WHERE date >= ${dates[0] as string}::date ORDER BY date`
    expect(rows.map((r) => r.kind)).toEqual(['observation', 'forecast', 'forecast'])
  })

  it('skips days the provider has no temperatures for and says which', async () => {
    provider.handle((url, _req, res) =>
      json(res, 200, openMeteoDaily(url, ['2024-06-01', '2024-06-02'], { temperature_2m_min: [10, null] })),
    )
    const response = await sync('2024-06-01', '2024-06-02')
    expect(response.json()).toMatchObject({ received: 1, inserted: 1, missingDates: ['2024-06-02'] })
  })

  describe('when the provider fails, answers clearly and writes nothing', () => {
    it.each([
      [
        'a 503',
        (res: ServerResponse) => json(res, 503, { error: true }),
        502,
        /answered HTTP 503.*retry later/,
      ],
      [
        'a 400 with its reason',
        (res: ServerResponse) =>
          json(res, 400, { error: true, reason: 'Parameter end_date is out of allowed range' }),
        502,
        /HTTP 400: Parameter end_date is out of allowed range/,
      ],
      [
        'malformed JSON',
        (res: ServerResponse) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"daily": [tru'),
        502,
        /body is not JSON/,
      ],
      [
        'a JSON body of the wrong shape',
        (res: ServerResponse) => json(res, 200, { daily: { time: ['2024-07-01'] } }),
        502,
        /weather_code" is not an array/,
      ],
      [
        'an impossible temperature',
        (res: ServerResponse) =>
          json(res, 200, {
            daily: {
              time: ['2024-07-01'],
              weather_code: [0],
              temperature_2m_max: [300],
              temperature_2m_min: [10],
              precipitation_sum: [0],
            },
          }),
        502,
        /impossible value.*tempMaxC must be between -90 and 60/,
      ],
    ])('%s', async (_name, respond, status, message) => {
      provider.handle((_url, _req, res) => respond(res))
      const before = await countRows(t.sql)
      const response = await sync('2024-07-01', '2024-07-01')
      expect(response.statusCode).toBe(status)
      expect(response.json()).toEqual({
        code: 'EXTERNAL_PROVIDER_FAILED',
        message: expect.stringMatching(message),
      })
      expect(response.json().message).toMatch(/Nothing was stored/)
      expect(await countRows(t.sql)).toEqual(before)
    })

    it('a provider that does not answer in time: 504 EXTERNAL_PROVIDER_TIMEOUT', async () => {
      provider.handle(() => {}) // never answers; the fake's close() drops the connection
      const before = await countRows(t.sql)
      const started = Date.now()
      const response = await sync('2024-07-01', '2024-07-01')
      expect(Date.now() - started).toBeLessThan(8000)
      expect(response.statusCode).toBe(504)
      expect(response.json()).toEqual({
        code: 'EXTERNAL_PROVIDER_TIMEOUT',
        message: expect.stringMatching(/did not answer within 2000 ms.*WEATHER_PROVIDER_TIMEOUT_MS/),
      })
      expect(await countRows(t.sql)).toEqual(before)
    })
  })

  it('refuses a range over 31 days before calling the provider', async () => {
    const calls = provider.requests.length
    const response = await sync('2024-01-01', '2024-02-01')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ code: 'EXTERNAL_RANGE_TOO_LONG' })
    expect(provider.requests.length).toBe(calls)
  })

  it('answers 404 for an unknown location without calling the provider', async () => {
    const calls = provider.requests.length
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations/00000000-0000-4000-8000-000000000000/weather/sync?from=2024-05-01&to=2024-05-01',
    })
    expect(response.statusCode).toBe(404)
    expect(provider.requests.length).toBe(calls)
  })
})

describe('weather sync with the provider unreachable', () => {
  it('answers 502 naming the configured URL', async () => {
    const closed = await startFakeOpenMeteo()
    await closed.close()
    const other = await startTestApp({ WEATHER_PROVIDER_URL: closed.url })
    try {
      const locationId = await createLocation(other.app)
      const response = await other.app.inject({
        method: 'POST',
        url: `/api/v1/locations/${locationId}/weather/sync?from=2024-05-01&to=2024-05-01`,
      })
      expect(response.statusCode).toBe(502)
      expect(response.json()).toEqual({
        code: 'EXTERNAL_PROVIDER_FAILED',
        message: expect.stringMatching(
          /Cannot reach Open-Meteo at http:\/\/127\.0\.0\.1:\d+\/v1\/forecast \(ECONNREFUSED\).*WEATHER_PROVIDER_URL/,
        ),
      })
    } finally {
      await other.close()
    }
  })
})
