import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './cursor.js'

describe('cursor', () => {
  it('round-trips string and numeric keys', () => {
    expect(decodeCursor(encodeCursor('flour, rye'), 'string')).toBe('flour, rye')
    expect(decodeCursor(encodeCursor(42), 'number')).toBe(42)
  })

  it('rejects garbage and cursors of the other kind with INVENTORY_CURSOR_INVALID', () => {
    const invalid = expect.objectContaining({ code: 'INVENTORY_CURSOR_INVALID', statusCode: 400 })
    expect(() => decodeCursor('not-a-cursor', 'string')).toThrow(invalid)
    expect(() => decodeCursor(encodeCursor('x'), 'number')).toThrow(invalid)
    expect(() => decodeCursor(encodeCursor(1.5), 'number')).toThrow(invalid)
    expect(() => decodeCursor(encodeCursor(7), 'string')).toThrow(invalid)
  })
})
