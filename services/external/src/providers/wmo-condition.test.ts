import { describe, expect, it } from 'vitest'
import { conditionFromWmoCode } from './wmo-condition.js'

describe('conditionFromWmoCode', () => {
  it.each([
    [0, 'clear'],
    [2, 'partly_cloudy'],
    [3, 'cloudy'],
    [48, 'fog'],
    [55, 'drizzle'],
    [63, 'rain'],
    [75, 'snow'],
    [81, 'showers'],
    [86, 'snow'],
    [96, 'thunderstorm'],
  ])('maps WMO code %i to %s', (code, condition) => {
    expect(conditionFromWmoCode(code)).toBe(condition)
  })

  it('maps codes it does not know to null', () => {
    expect(conditionFromWmoCode(4)).toBeNull()
    expect(conditionFromWmoCode(100)).toBeNull()
  })
})
