import { describe, expect, it } from 'vitest'
import { canonicalJson, fingerprintRequest } from './request-fingerprint.js'

describe('fingerprintRequest', () => {
  it('ignores key order at every level', () => {
    const a = { customerId: 'c', lines: [{ sku: 'A', quantity: '1' }] }
    const b = { lines: [{ quantity: '1', sku: 'A' }], customerId: 'c' }
    expect(fingerprintRequest(a)).toBe(fingerprintRequest(b))
  })

  it('distinguishes different values and different line order', () => {
    const base = { lines: [{ sku: 'A' }, { sku: 'B' }] }
    expect(fingerprintRequest(base)).not.toBe(fingerprintRequest({ lines: [{ sku: 'B' }, { sku: 'A' }] }))
    expect(fingerprintRequest({ q: '1' })).not.toBe(fingerprintRequest({ q: '1.0' }))
  })

  it('writes canonical JSON without undefined members', () => {
    expect(canonicalJson({ b: 1, a: [true, null], c: undefined })).toBe('{"a":[true,null],"b":1}')
  })
})
