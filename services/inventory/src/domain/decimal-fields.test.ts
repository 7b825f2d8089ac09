import { describe, expect, it } from 'vitest'
import { assertDecimalStrings } from './decimal-fields.js'

describe('assertDecimalStrings', () => {
  it('refuses a decimal sent as a JSON number, naming the field', () => {
    expect(() => assertDecimalStrings({ quantity: 2.5 }, ['quantity'])).toThrow(
      expect.objectContaining({
        code: 'INVENTORY_DECIMAL_NOT_STRING',
        message: expect.stringMatching(/^body\.quantity /),
      }),
    )
  })

  it('leaves strings, absent fields and non-objects to schema validation', () => {
    expect(() => assertDecimalStrings({ quantity: '2.5' }, ['quantity', 'reorderPoint'])).not.toThrow()
    expect(() => assertDecimalStrings(undefined, ['quantity'])).not.toThrow()
    expect(() => assertDecimalStrings('text', ['quantity'])).not.toThrow()
  })
})
