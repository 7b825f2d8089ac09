import { Decimal as DecimalJs } from 'decimal.js'

// A private Decimal: wide enough for any numeric(20,2) total, rounding like PostgreSQL's round().
const Decimal = DecimalJs.clone({ precision: 50, rounding: DecimalJs.ROUND_HALF_UP })

export interface LineInput {
  quantity: string
  unitPrice: string
}

/** quantity × unitPrice, rounded half away from zero to the cent (the DB check uses the same rule). */
export function computeLineTotal(line: LineInput): string {
  return new Decimal(line.quantity).times(line.unitPrice).toDecimalPlaces(2).toFixed(2)
}

/** Each line with its total, and the order total: the exact sum of the rounded line totals. */
export function computeOrderTotals<L extends LineInput>(
  lines: readonly L[],
): { lines: (L & { lineTotal: string })[]; total: string } {
  const priced = lines.map((line) => ({ ...line, lineTotal: computeLineTotal(line) }))
  const total = priced.reduce((sum, line) => sum.plus(line.lineTotal), new Decimal(0))
  return { lines: priced, total: total.toFixed(2) }
}

/** Whether a decimal string is greater than zero (the pattern already excludes signs). */
export function isPositive(value: string): boolean {
  return new Decimal(value).greaterThan(0)
}
