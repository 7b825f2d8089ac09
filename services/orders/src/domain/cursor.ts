import { CursorInvalidError } from '../errors.js'

/** The position after which the next page starts, in (createdAt DESC, id DESC) order. */
export interface PagePosition {
  createdAt: Date
  id: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An opaque, URL-safe cursor. Timestamps are stored with millisecond precision, so this is exact. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url')
}

/** Parses a cursor from `encodeCursor`; anything else is a 400 the client can act on. */
export function decodeCursor(cursor: string): PagePosition {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch (cause) {
    throw Object.assign(new CursorInvalidError(), { cause })
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new CursorInvalidError()
  const [iso, id] = parsed as unknown[]
  const createdAt = typeof iso === 'string' ? new Date(iso) : new Date(Number.NaN)
  if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || !UUID.test(id)) {
    throw new CursorInvalidError()
  }
  return { createdAt, id }
}

/** Splits a `limit + 1` query result into the page and the cursor of the next one (null at the end). */
export function toPage<T extends PagePosition>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null }
  const items = rows.slice(0, limit)
  const last = items[items.length - 1] as T
  return { items, nextCursor: encodeCursor(last) }
}
