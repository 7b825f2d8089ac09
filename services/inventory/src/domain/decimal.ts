/**
 * Exact decimal quantities as strings. Arithmetic happens in PostgreSQL (`numeric`); here we only
 * check the shape and the sign, so a quantity never passes through a float.
 */

/** Up to 15 integer digits and 3 decimals: what fits `numeric(18, 3)`. */
export const DECIMAL_PATTERN = '^[+-]?[0-9]{1,15}(\\.[0-9]{1,3})?$'
export const UNSIGNED_DECIMAL_PATTERN = '^[0-9]{1,15}(\\.[0-9]{1,3})?$'

const DECIMAL = new RegExp(DECIMAL_PATTERN)

export interface ParsedDecimal {
  sign: -1 | 0 | 1
  /** Canonical absolute value: no leading zeros, no trailing fractional zeros ("007.50" → "7.5"). */
  abs: string
  /** Whether the text carried an explicit `+` or `-`. */
  explicitSign: boolean
}

/** Parses a decimal string; `undefined` when it is not one (too many digits, exponent, spaces...). */
export function parseDecimal(text: string): ParsedDecimal | undefined {
  if (!DECIMAL.test(text)) return undefined
  const explicitSign = text.startsWith('+') || text.startsWith('-')
  const negative = text.startsWith('-')
  const [intPart = '', fracPart = ''] = (explicitSign ? text.slice(1) : text).split('.')
  const int = intPart.replace(/^0+(?=\d)/, '')
  const frac = fracPart.replace(/0+$/, '')
  const abs = frac ? `${int}.${frac}` : int
  const sign = abs === '0' ? 0 : negative ? -1 : 1
  return { sign, abs, explicitSign }
}

/** The signed canonical text of a parsed decimal ("-2.5", "3", "0"). */
export function formatSigned(d: ParsedDecimal, sign: -1 | 0 | 1 = d.sign): string {
  return sign < 0 ? `-${d.abs}` : d.abs
}
