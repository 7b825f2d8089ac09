import { encodeCursor as encodeKey } from '@bakery/service-base/http'
import { describe, expect, it } from 'vitest'
import { decodeCursor, type PagePosition, toPage } from './cursor.js'

const encodeCursor = (p: PagePosition) => encodeKey([p.createdAt.toISOString(), p.id])

const id = '7d0c6a8e-2f43-4c55-9a55-0b6f3c2f9a10'

describe('cursor', () => {
  it('round-trips a position exactly, to the millisecond', () => {
    const position = { createdAt: new Date('2025-03-01T08:15:30.123Z'), id }
    expect(decodeCursor(encodeCursor(position))).toEqual(position)
  })

  it('rejects anything it did not issue with REQUEST_CURSOR_INVALID', () => {
    const bad = [
      'not-base64-json',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["yesterday","x"]').toString('base64url'),
      Buffer.from(`["2025-03-01T08:15:30.123Z","not-a-uuid"]`).toString('base64url'),
    ]
    for (const cursor of bad)
      expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: 'REQUEST_CURSOR_INVALID' }))
  })

  it('returns a next cursor only when the query found more rows than the page holds', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id }))
    expect(toPage(rows, 3)).toEqual({ items: rows, nextCursor: null })
    const page = toPage(rows, 2)
    expect(page.items).toHaveLength(2)
    expect(decodeCursor(page.nextCursor as string)).toEqual(rows[1])
  })
})
