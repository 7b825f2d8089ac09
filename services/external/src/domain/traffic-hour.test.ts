import { describe, expect, it } from 'vitest'
import { toTrafficHourRow } from './traffic-hour.js'

describe('toTrafficHourRow', () => {
  it('stores the instant and exact occupancy', () => {
    const row = toTrafficHourRow(
      { measuredAt: '2024-05-01T10:00:00+02:00', intensity: 420, occupancyPct: 12.5 },
      'body.0',
      'Europe/Madrid',
    )
    expect(row).toEqual({
      measuredAt: new Date('2024-05-01T08:00:00Z'),
      intensity: 420,
      occupancyPct: '12.5',
    })
  })

  it('refuses a time that is not the start of a local hour, naming the field', () => {
    expect(() =>
      toTrafficHourRow({ measuredAt: '2024-05-01T10:30:00+02:00', intensity: 1 }, 'body.7', 'Europe/Madrid'),
    ).toThrow(
      /body\.7\.measuredAt .* must be the start of an hour in the location's time zone Europe\/Madrid/,
    )
  })

  it('refuses occupancy above 100 %', () => {
    expect(() =>
      toTrafficHourRow(
        { measuredAt: '2024-05-01T10:00:00Z', intensity: 1, occupancyPct: 101 },
        'body.0',
        'UTC',
      ),
    ).toThrow(/body\.0\.occupancyPct must be between 0 and 100/)
  })
})
