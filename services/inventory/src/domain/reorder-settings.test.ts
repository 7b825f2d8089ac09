import { describe, expect, it } from 'vitest'
import { assertPositiveReorderQuantity } from './reorder-settings.js'

describe('assertPositiveReorderQuantity', () => {
  it('accepts a positive quantity, null and absence', () => {
    for (const ok of ['0.001', '25', null, undefined])
      expect(() => assertPositiveReorderQuantity(ok)).not.toThrow()
  })

  it('refuses zero with INVENTORY_QUANTITY_INVALID naming the field', () => {
    expect(() => assertPositiveReorderQuantity('0.000')).toThrow(
      expect.objectContaining({
        code: 'INVENTORY_QUANTITY_INVALID',
        message: expect.stringMatching(/^body\.reorderQuantity/),
      }),
    )
  })
})
