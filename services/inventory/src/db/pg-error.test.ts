import { DrizzleQueryError } from 'drizzle-orm/errors'
import { describe, expect, it } from 'vitest'
import { pgErrorCode } from './pg-error.js'

describe('pgErrorCode', () => {
  it("finds the SQLSTATE on the error or behind drizzle's wrapper", () => {
    const driver = Object.assign(new Error('numeric field overflow'), { code: '22003' })
    expect(pgErrorCode(driver)).toBe('22003')
    expect(pgErrorCode(new DrizzleQueryError('select 1', [], driver))).toBe('22003')
    expect(pgErrorCode(new Error('plain'))).toBeUndefined()
  })
})
