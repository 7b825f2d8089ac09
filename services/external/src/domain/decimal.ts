import { ValueInvalidError } from '../errors.js'

export interface DecimalRule {
  /** Where the value sits in the request, for the message: `body.3.tempMinC`. */
  field: string
  /** Digits allowed after the point: the column's scale, so PostgreSQL never rounds silently. */
  scale: number
  min: number
  max: number
}

/**
 * Turns a JSON number into the exact decimal string stored in a `numeric` column. `String(n)` is
 * the shortest text that reads back as `n`, so `12.3` stays `12.3` (never `12.300000000000001`).
 */
export function toDecimalString(value: number, rule: DecimalRule): string {
  if (!Number.isFinite(value)) throw new ValueInvalidError(`${rule.field} must be a finite number`)
  if (value < rule.min || value > rule.max) {
    throw new ValueInvalidError(`${rule.field} must be between ${rule.min} and ${rule.max}, got ${value}`)
  }
  const text = String(value)
  // Exponent notation only appears for |n| < 1e-6 or >= 1e21: outside every range we accept,
  // except tiny fractions, which have more digits than any scale we use.
  if (/e/i.test(text)) throw new ValueInvalidError(`${rule.field} has more than ${rule.scale} decimal places`)
  const fraction = text.split('.')[1] ?? ''
  if (fraction.length > rule.scale) {
    throw new ValueInvalidError(
      `${rule.field} has more than ${rule.scale} decimal place${rule.scale === 1 ? '' : 's'}: ${text}`,
    )
  }
  return text
}

/** Like `toDecimalString`, passing `null`/`undefined` through as `null`. */
export function toOptionalDecimalString(value: number | null | undefined, rule: DecimalRule): string | null {
  return value === null || value === undefined ? null : toDecimalString(value, rule)
}
