import { Type } from 'typebox'

/** Marks a decimal-string schema, so a JSON number sent for it is refused in those words. */
export const DECIMAL_STRING_MARK = 'decimal-string'

/**
 * The decimal-string rule of every service: exact quantities and money travel as JSON strings
 * ("2.50"), never as JSON numbers, which are binary floats. `pattern` bounds the digits to the
 * column's numeric(p, s); `description` says it in words (error messages quote it).
 */
export function DecimalString(options: { pattern: string; description: string; examples?: string[] }) {
  return Type.String({ ...options, $comment: DECIMAL_STRING_MARK })
}
