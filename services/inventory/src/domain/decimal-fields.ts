import { DecimalNotStringError } from '../errors.js'

/**
 * Throws when a decimal field arrived as a JSON number. It must run before schema validation: ajv
 * coerces types, so `2.675` would otherwise be accepted as the string "2.675" after JSON.parse has
 * already turned it into a float (and `0.1 + 0.2`-style values into long binary expansions).
 */
export function assertDecimalStrings(body: unknown, fields: readonly string[]): void {
  if (typeof body !== 'object' || body === null) return
  for (const field of fields) {
    if (typeof (body as Record<string, unknown>)[field] === 'number') {
      throw new DecimalNotStringError(`body.${field}`)
    }
  }
}
