import { describe, expect, it } from 'vitest'
import { isKnownTimeZone, isLocalHourStart, localDate } from './local-time.js'

describe('local time', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('Europe/Madrid')).toBe(true)
    expect(isKnownTimeZone('UTC')).toBe(true)
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false)
  })

  it('gives the local calendar date, which differs from UTC near midnight', () => {
    const instant = new Date('2024-05-01T23:30:00Z')
    expect(localDate(instant, 'UTC')).toBe('2024-05-01')
    expect(localDate(instant, 'Europe/Madrid')).toBe('2024-05-02')
    expect(localDate(instant, 'America/New_York')).toBe('2024-05-01')
  })
})

describe('isLocalHourStart', () => {
  it('accepts the start of a local hour only', () => {
    expect(isLocalHourStart(new Date('2024-05-01T08:00:00Z'), 'Europe/Madrid')).toBe(true)
    expect(isLocalHourStart(new Date('2024-05-01T08:15:00Z'), 'Europe/Madrid')).toBe(false)
    expect(isLocalHourStart(new Date('2024-05-01T08:00:01Z'), 'Europe/Madrid')).toBe(false)
  })

  it('follows half-hour offsets', () => {
    expect(isLocalHourStart(new Date('2024-05-01T04:30:00Z'), 'Asia/Kolkata')).toBe(true)
    expect(isLocalHourStart(new Date('2024-05-01T04:00:00Z'), 'Asia/Kolkata')).toBe(false)
  })
})
