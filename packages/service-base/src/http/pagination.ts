import createError from '@fastify/error'
import { type TSchema, Type } from 'typebox'
import { RequestErrorCode } from './error-codes.js'

/** One page size rule for every list endpoint. */
export const PAGE_LIMIT = { default: 50, max: 200 } as const

export const CursorInvalidError = createError(
  RequestErrorCode.cursorInvalid,
  'querystring.cursor is not a cursor this endpoint issued; pass nextCursor from the previous page, or omit it for the first page.',
  400,
)

/** `limit` and `cursor`, for the querystring schema of a list endpoint. */
export const PageQuery = {
  limit: Type.Integer({
    minimum: 1,
    maximum: PAGE_LIMIT.max,
    default: PAGE_LIMIT.default,
    description: `Items per page (1-${PAGE_LIMIT.max}, default ${PAGE_LIMIT.default}).`,
  }),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, description: '`nextCursor` of the previous page.' }),
  ),
}

/** `{ items, nextCursor }`: the one page shape. */
export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page.',
    }),
  })
}

/** Shapes of cursor parts, checked before they reach SQL casts (a bad cast would be a 500). */
export const CursorPart = {
  uuid: (v: unknown) =>
    typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  date: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  instant: (v: unknown) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v),
  text: (v: unknown) => typeof v === 'string',
  integer: (v: unknown) => Number.isSafeInteger(v),
} as const

export type CursorKey = ReadonlyArray<string | number>

/**
 * Keyset pagination: a cursor is the sort key of the last row returned, as base64url JSON. Opaque
 * to clients; it survives inserts between pages, unlike OFFSET.
 */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/**
 * Decodes a cursor whose parts pass `parts` one for one, or throws REQUEST_CURSOR_INVALID. `T`
 * names what the parts check (`decodeCursor<string>` when every part is text).
 */
export function decodeCursor<T extends string | number = string | number>(
  cursor: string,
  parts: ReadonlyArray<(v: unknown) => boolean>,
): T[] {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch (cause) {
    throw Object.assign(new CursorInvalidError(), { cause })
  }
  if (!Array.isArray(value) || value.length !== parts.length || !value.every((v, i) => parts[i]?.(v))) {
    throw new CursorInvalidError()
  }
  return value as T[]
}

/** Splits a `limit + 1` fetch into the page and the cursor of its last row (null at the end). */
export function paginate<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => CursorKey,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null }
}
