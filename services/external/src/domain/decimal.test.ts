import { describe, expect, it } from 'vitest'
import { toDecimalString, toOptionalDecimalString } from './decimal.js'

const rule = { field: 'body.0.tempMinC', scale: 2, min: -90, max: 60 }

describe('toDecimalString', () => {
  it('keeps the value exactly as written', () => {
    expect(toDecimalString(12.3, rule)).toBe('12.3')
    expect(toDecimalString(-4.25, rule)).toBe('-4.25')
    expect(toDecimalString(0, rule)).toBe('0')
  })

  it('refuses more decimal places than the column stores, naming the field', () => {
    expect(() => toDecimalString(1.234, rule)).toThrow(/body\.0\.tempMinC has more than 2 decimal places/)
    expect(() => toDecimalString(1e-7, rule)).toThrow(/more than 2 decimal places/)
  })

  it('refuses values outside the range with a stable code', () => {
    // Caught outside the assertion: an expect.unreachable() inside the try would be swallowed by its catch.
    let thrown: unknown
    try {
      toDecimalString(61, rule)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toMatchObject({
      code: 'EXTERNAL_VALUE_INVALID',
      message: 'body.0.tempMinC must be between -90 and 60, got 61',
    })
  })

  it('passes null through when optional', () => {
    expect(toOptionalDecimalString(null, rule)).toBeNull()
    expect(toOptionalDecimalString(undefined, rule)).toBeNull()
    expect(toOptionalDecimalString(3, rule)).toBe('3')
  })
})
