import { CursorPart, decodeCursor as decodeShared, encodeCursor } from '@bakery/service-base/http'

/** The position after which the next page starts, in (createdAt DESC, id DESC) order. */
export interface PagePosition {
  createdAt: Date
  id: string
}

/** The shared cursor codec, keyed on [createdAt, id]; timestamps have millisecond precision, so this is exact. */
export function decodeCursor(cursor: string): PagePosition {
  const [iso, id] = decodeShared(cursor, [CursorPart.instant, CursorPart.uuid]) as [string, string]
  return { createdAt: new Date(iso), id }
}

/** Splits a `limit + 1` query result into the page and the cursor of the next one (null at the end). */
export function toPage<T extends PagePosition>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null }
  const items = rows.slice(0, limit)
  const last = items[items.length - 1] as T
  return { items, nextCursor: encodeCursor([last.createdAt.toISOString(), last.id]) }
}
