import { describe, expect, it } from 'vitest'
import { addDays, checkDateRange, countDays } from './date-range.js'

describe('date ranges', () => {
  it('counts both ends, across month and leap-day boundaries', () => {
    expect(countDays('2024-05-01', '2024-05-01')).toBe(1)
    expect(countDays('2024-02-28', '2024-03-01')).toBe(3)
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })

  it('accepts a range of exactly the maximum length', () => {
    expect(() => checkDateRange({ from: '2024-01-01', to: '2024-01-31' }, 31)).not.toThrow()
  })

  it('refuses from after to, naming both fields', () => {
    expect(() => checkDateRange({ from: '2024-01-02', to: '2024-01-01' }, 31)).toThrow(
      expect.objectContaining({ code: 'EXTERNAL_RANGE_INVALID', message: expect.stringMatching(/from.*to/) }),
    )
  })

  it('refuses a range longer than the maximum', () => {
    expect(() => checkDateRange({ from: '2024-01-01', to: '2024-02-01' }, 31)).toThrow(
      expect.objectContaining({ code: 'EXTERNAL_RANGE_TOO_LONG' }),
    )
  })
})
