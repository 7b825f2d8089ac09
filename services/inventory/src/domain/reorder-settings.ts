import { QuantityInvalidError } from '../errors.js'
import { parseDecimal } from './decimal.js'

/** A reorder quantity orders something: zero is refused (null means "no standard order size"). */
export function assertPositiveReorderQuantity(value: string | null | undefined): void {
  if (value === null || value === undefined) return
  if (parseDecimal(value)?.sign !== 1) {
    throw new QuantityInvalidError('body.reorderQuantity must be greater than zero, or null for none')
  }
}
