import { describe, expect, it } from 'vitest'
import { computeLineTotal, computeOrderTotals } from './money.js'

describe('computeLineTotal', () => {
  it('multiplies exactly where binary floats would not', () => {
    // 0.1 * 3 is 0.30000000000000004 in floating point.
    expect(computeLineTotal({ quantity: '3', unitPrice: '0.10' })).toBe('0.30')
    expect(computeLineTotal({ quantity: '1.005', unitPrice: '1000' })).toBe('1005.00')
  })

  it('rounds half away from zero to the cent, like PostgreSQL round()', () => {
    expect(computeLineTotal({ quantity: '0.125', unitPrice: '1' })).toBe('0.13')
    expect(computeLineTotal({ quantity: '0.115', unitPrice: '1' })).toBe('0.12')
    expect(computeLineTotal({ quantity: '1.333', unitPrice: '0.01' })).toBe('0.01')
  })

  it('handles the largest values the columns allow without losing digits', () => {
    expect(computeLineTotal({ quantity: '9999999.999', unitPrice: '99999999.99' })).toBe('999999999800000.00')
  })
})

describe('computeOrderTotals', () => {
  it('sums the rounded line totals and keeps each line', () => {
    const result = computeOrderTotals([
      { sku: 'BAG', quantity: '3', unitPrice: '1.10' },
      { sku: 'CRO', quantity: '0.333', unitPrice: '2.50' },
    ])
    expect(result.lines.map((l) => l.lineTotal)).toEqual(['3.30', '0.83'])
    expect(result.lines[0]?.sku).toBe('BAG')
    expect(result.total).toBe('4.13')
  })

  it('gives 0.00 for free items', () => {
    expect(computeOrderTotals([{ quantity: '2', unitPrice: '0' }]).total).toBe('0.00')
  })
})
