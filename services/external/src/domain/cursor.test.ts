import { describe, expect, it } from 'vitest'
import { CursorPart, decodeCursor, encodeCursor, paginate } from './cursor.js'

const parts = [CursorPart.date, CursorPart.any]

describe('cursors', () => {
  it('round-trips the sort key', () => {
    expect(decodeCursor(encodeCursor(['2024-05-01', 'forecast']), parts)).toEqual(['2024-05-01', 'forecast'])
  })

  it.each([
    ['not base64 json'],
    [encodeCursor(['only-one'])],
    [Buffer.from('{"a":1}').toString('base64url')],
    [encodeCursor(['not-a-date', 'forecast'])],
  ])('refuses a cursor it did not issue: %s', (cursor) => {
    expect(() => decodeCursor(cursor, parts)).toThrow(
      expect.objectContaining({ code: 'EXTERNAL_CURSOR_INVALID' }),
    )
  })

  it('gives a next cursor only when more rows follow', () => {
    const rows = [{ k: 'a' }, { k: 'b' }, { k: 'c' }]
    expect(paginate(rows, 2, (r) => [r.k])).toEqual({
      items: rows.slice(0, 2),
      nextCursor: encodeCursor(['b']),
    })
    expect(paginate(rows, 3, (r) => [r.k])).toEqual({ items: rows, nextCursor: null })
  })
})
