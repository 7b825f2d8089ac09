import { describe, expect, it } from 'vitest'
import { movementDelta } from './movement-delta.js'

describe('movementDelta', () => {
  it('adds receipts and removes consumption and waste', () => {
    expect(movementDelta({ type: 'receipt', quantity: '25.000' })).toBe('25')
    expect(movementDelta({ type: 'consumption', quantity: '1.250' })).toBe('-1.25')
    expect(movementDelta({ type: 'waste', quantity: '0.5' })).toBe('-0.5')
  })

  it('lets an adjustment go either way when it gives a reason', () => {
    expect(movementDelta({ type: 'adjustment', quantity: '-2', reason: 'count' })).toBe('-2')
    expect(movementDelta({ type: 'adjustment', quantity: '+2.5', reason: 'count' })).toBe('2.5')
    expect(movementDelta({ type: 'adjustment', quantity: '2.5', reason: 'count' })).toBe('2.5')
  })

  it('refuses an adjustment without a reason', () => {
    for (const reason of [undefined, '', '   ']) {
      expect(() => movementDelta({ type: 'adjustment', quantity: '1', reason })).toThrow(
        expect.objectContaining({ code: 'INVENTORY_REASON_REQUIRED', statusCode: 400 }),
      )
    }
  })

  it('refuses zero, malformed and signed quantities for directional types', () => {
    const invalid = expect.objectContaining({ code: 'INVENTORY_QUANTITY_INVALID', statusCode: 400 })
    expect(() => movementDelta({ type: 'receipt', quantity: '0.000' })).toThrow(invalid)
    expect(() => movementDelta({ type: 'adjustment', quantity: '-0', reason: 'x' })).toThrow(invalid)
    expect(() => movementDelta({ type: 'receipt', quantity: '1e3' })).toThrow(invalid)
    expect(() => movementDelta({ type: 'consumption', quantity: '-1' })).toThrow(invalid)
    expect(() => movementDelta({ type: 'waste', quantity: '+1' })).toThrow(/body\.quantity/)
  })
})
