import { describe, expect, it } from 'vitest'
import { formatSigned, parseDecimal } from './decimal.js'

describe('parseDecimal', () => {
  it('canonicalises leading and trailing zeros without changing the value', () => {
    expect(parseDecimal('007.500')).toEqual({ sign: 1, abs: '7.5', explicitSign: false })
    expect(parseDecimal('0.001')).toEqual({ sign: 1, abs: '0.001', explicitSign: false })
    expect(parseDecimal('10')).toEqual({ sign: 1, abs: '10', explicitSign: false })
  })

  it('keeps the sign and notices an explicit one', () => {
    expect(parseDecimal('-2.50')).toEqual({ sign: -1, abs: '2.5', explicitSign: true })
    expect(parseDecimal('+3')).toEqual({ sign: 1, abs: '3', explicitSign: true })
  })

  it('treats every spelling of zero as zero, whatever its sign', () => {
    for (const zero of ['0', '000', '0.000', '-0', '+0.0']) expect(parseDecimal(zero)?.sign).toBe(0)
  })

  it('rejects what is not an exact decimal of numeric(18, 3)', () => {
    for (const bad of [
      '',
      ' 1',
      '1 ',
      '1e3',
      '1.2345',
      '.5',
      '5.',
      '1,5',
      'NaN',
      'Infinity',
      '0x10',
      '--1',
    ]) {
      expect(parseDecimal(bad), bad).toBeUndefined()
    }
    expect(parseDecimal('9'.repeat(16))).toBeUndefined()
    expect(parseDecimal(`${'9'.repeat(15)}.999`)?.sign).toBe(1)
  })
})

describe('formatSigned', () => {
  it('writes the canonical signed text', () => {
    const d = parseDecimal('02.50')
    expect(d && formatSigned(d)).toBe('2.5')
    expect(d && formatSigned(d, -1)).toBe('-2.5')
    const zero = parseDecimal('-0')
    expect(zero && formatSigned(zero)).toBe('0')
  })
})
