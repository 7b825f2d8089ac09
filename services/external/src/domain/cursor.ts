import { CursorInvalidError } from '../errors.js'

/**
 * Keyset pagination: a cursor is the sort key of the last row returned, as base64url JSON. Opaque
 * to clients; it survives inserts between pages, unlike OFFSET.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** Shapes of cursor parts, checked before they reach SQL casts (a bad cast would be a 500). */
export const CursorPart = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  instant: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  any: /^/,
} as const

/** Decodes a cursor whose parts match `parts` one for one, or throws EXTERNAL_CURSOR_INVALID. */
export function decodeCursor(cursor: string, parts: readonly RegExp[]): string[] {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw new CursorInvalidError()
  }
  if (
    !Array.isArray(value) ||
    value.length !== parts.length ||
    !value.every((v, i) => typeof v === 'string' && parts[i]?.test(v))
  ) {
    throw new CursorInvalidError()
  }
  return value as string[]
}

/** Splits a `limit + 1` fetch into the page and the cursor of its last row (if more follow). */
export function paginate<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => readonly string[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null }
}
