import { describe, expect, it } from 'vitest'
import { findJsonNumber } from './json-numbers.js'

const fields = new Set(['quantity', 'unitPrice'])

describe('findJsonNumber', () => {
  it('names the first decimal field sent as a JSON number', () => {
    const body = {
      lines: [
        { quantity: '1', unitPrice: '2.00' },
        { quantity: '1', unitPrice: 2.1 },
      ],
    }
    expect(findJsonNumber(body, fields)).toBe('body.lines.1.unitPrice')
  })

  it('accepts decimal strings and ignores numbers in other fields', () => {
    expect(findJsonNumber({ lines: [{ quantity: '1.5', unitPrice: '2' }], other: 3 }, fields)).toBeUndefined()
    expect(findJsonNumber(null, fields)).toBeUndefined()
  })
})
