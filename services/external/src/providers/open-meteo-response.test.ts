import { describe, expect, it } from 'vitest'
import { parseOpenMeteoDaily } from './open-meteo-response.js'

const range = { from: '2024-05-01', to: '2024-05-03' }
const body = (daily: Record<string, unknown>) => ({
  latitude: 40.42,
  longitude: -3.7,
  timezone: 'Europe/Madrid',
  daily_units: {
    time: 'iso8601',
    temperature_2m_max: '°C',
    temperature_2m_min: '°C',
    precipitation_sum: 'mm',
  },
  daily: {
    time: ['2024-05-01', '2024-05-02'],
    weather_code: [61, 3],
    temperature_2m_max: [18.4, 21.0],
    temperature_2m_min: [9.1, 10.25],
    precipitation_sum: [4.2, 0],
    ...daily,
  },
})

describe('parseOpenMeteoDaily', () => {
  it('reads the parallel arrays into days with our conditions', () => {
    expect(parseOpenMeteoDaily(body({}), range)).toEqual({
      days: [
        { date: '2024-05-01', tempMinC: 9.1, tempMaxC: 18.4, precipitationMm: 4.2, condition: 'rain' },
        { date: '2024-05-02', tempMinC: 10.25, tempMaxC: 21, precipitationMm: 0, condition: 'cloudy' },
      ],
      missingDates: [],
    })
  })

  it('reports days without temperatures as missing instead of storing them', () => {
    const result = parseOpenMeteoDaily(body({ temperature_2m_max: [18.4, null] }), range)
    expect(result.days.map((d) => d.date)).toEqual(['2024-05-01'])
    expect(result.missingDates).toEqual(['2024-05-02'])
  })

  it('rounds values finer than the column scale', () => {
    const [first] = parseOpenMeteoDaily(body({ temperature_2m_min: [9.126, 10] }), range).days
    expect(first?.tempMinC).toBe(9.13)
  })

  it.each([
    ['a non-object body', 'oops', /not a JSON object/],
    ['no daily block', { latitude: 1 }, /"daily" is missing/],
    ['ragged arrays', body({ precipitation_sum: [1] }), /precipitation_sum" is not an array as long as/],
    ['a day outside the range', body({ time: ['2024-05-01', '2024-06-01'] }), /outside the requested/],
    ['a repeated day', body({ time: ['2024-05-01', '2024-05-01'] }), /lists 2024-05-01 twice/],
    ['a string where a number belongs', body({ temperature_2m_min: ['9', 10] }), /is not a number/],
    [
      'Fahrenheit',
      { ...body({}), daily_units: { temperature_2m_max: '°F' } },
      /temperature_2m_max" is "°F", expected "°C"/,
    ],
  ])('refuses %s as EXTERNAL_PROVIDER_FAILED', (_name, input, message) => {
    expect(() => parseOpenMeteoDaily(input, range)).toThrow(
      expect.objectContaining({
        code: 'EXTERNAL_PROVIDER_FAILED',
        statusCode: 502,
        message: expect.stringMatching(message),
      }),
    )
  })
})
