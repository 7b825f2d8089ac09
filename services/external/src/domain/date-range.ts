import { RangeInvalidError, RangeTooLongError } from '../errors.js'

const DAY_MS = 86_400_000

/** Days from `from` to `to` inclusive, for ISO dates (`2024-05-01`). */
export function countDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

/** The ISO date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Checks `from <= to` and that the range spans at most `maxDays` days (both ends included). */
export function checkDateRange(range: { from: string; to: string }, maxDays: number): void {
  if (range.from > range.to) {
    throw new RangeInvalidError(
      `querystring.from (${range.from}) is after querystring.to (${range.to}); swap them`,
    )
  }
  const days = countDays(range.from, range.to)
  if (days > maxDays) {
    throw new RangeTooLongError(
      `querystring.from..to spans ${days} days; ask for at most ${maxDays} days per request`,
    )
  }
}
