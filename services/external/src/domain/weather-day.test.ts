import { describe, expect, it } from 'vitest'
import { toWeatherDayRow } from './weather-day.js'

const day = { date: '2024-05-01', kind: 'observation' as const, tempMinC: 8.5, tempMaxC: 21 }

describe('toWeatherDayRow', () => {
  it('converts numbers to exact decimals and fills defaults', () => {
    expect(toWeatherDayRow(day, 'body.0', 'manual')).toEqual({
      date: '2024-05-01',
      kind: 'observation',
      tempMinC: '8.5',
      tempMaxC: '21',
      precipitationMm: null,
      condition: null,
      source: 'manual',
    })
  })

  it('keeps an explicit source and precipitation', () => {
    const row = toWeatherDayRow({ ...day, precipitationMm: 0.4, source: 'aemet' }, 'body.0', 'manual')
    expect(row).toMatchObject({ precipitationMm: '0.4', source: 'aemet' })
  })

  it('refuses a minimum above the maximum, naming both fields', () => {
    expect(() => toWeatherDayRow({ ...day, tempMinC: 22 }, 'body.4', 'manual')).toThrow(
      'body.4.tempMinC (22) is above body.4.tempMaxC (21); swap them',
    )
  })

  it('refuses negative precipitation', () => {
    expect(() => toWeatherDayRow({ ...day, precipitationMm: -1 }, 'body.0', 'manual')).toThrow(
      /body\.0\.precipitationMm must be between 0 and 2000/,
    )
  })
})
