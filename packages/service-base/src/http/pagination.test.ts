import { describe, expect, it } from 'vitest'
import { CursorPart, decodeCursor, encodeCursor, paginate } from './pagination.js'

describe('cursors', () => {
  it('round-trips a key of the declared parts', () => {
    const key = ['2024-05-01T08:00:00.000Z', '3f2c1e9a-7b4d-4c1e-9a2b-5d6e7f8a9b0c']
    expect(decodeCursor(encodeCursor(key), [CursorPart.instant, CursorPart.uuid])).toEqual(key)
    expect(decodeCursor(encodeCursor([42]), [CursorPart.integer])).toEqual([42])
  })

  it.each([
    ['not base64 JSON', 'Zm9v'],
    ['the wrong number of parts', encodeCursor(['a', 'b'])],
    ['a part of the wrong shape', encodeCursor(['not-a-uuid'])],
  ])('refuses %s with REQUEST_CURSOR_INVALID', (_name, cursor) => {
    expect(() => decodeCursor(cursor, [CursorPart.uuid])).toThrow(
      expect.objectContaining({ code: 'REQUEST_CURSOR_INVALID', statusCode: 400 }),
    )
  })

  it('gives a next cursor only when more rows follow', () => {
    expect(paginate([1, 2, 3], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) })
    expect(paginate([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: null })
  })
})
