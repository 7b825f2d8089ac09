import { QuantityInvalidError, ReasonRequiredError } from '../errors.js'
import { formatSigned, parseDecimal } from './decimal.js'
import type { MovementType } from './movement-types.js'

export interface MovementInput {
  type: MovementType
  /** Decimal string as sent: unsigned for receipts, consumption and waste; signed for adjustments. */
  quantity: string
  reason?: string | undefined
}

/**
 * The signed change a movement makes to stock, as canonical decimal text: receipts add, consumption
 * and waste remove, adjustments go either way but must say why. Throws a 400 error naming the field.
 */
export function movementDelta(input: MovementInput): string {
  const parsed = parseDecimal(input.quantity)
  if (!parsed) {
    throw new QuantityInvalidError(
      'body.quantity must be a decimal string with at most 15 integer digits and 3 decimals, e.g. "2.5"',
    )
  }
  if (parsed.sign === 0) throw new QuantityInvalidError('body.quantity must not be zero')
  if (input.type === 'adjustment') {
    if (!input.reason?.trim()) throw new ReasonRequiredError()
    return formatSigned(parsed)
  }
  if (parsed.explicitSign) {
    throw new QuantityInvalidError(
      `body.quantity must be unsigned for a ${input.type}: the type gives the direction; use an adjustment to correct either way`,
    )
  }
  return formatSigned(parsed, input.type === 'receipt' ? 1 : -1)
}
