import { describe, expect, it } from 'vitest'
import { parseStatusJson } from './db-commands.js'

describe('parseStatusJson', () => {
  it('reads the pretty-printed report past any log lines before it', () => {
    const output = [
      '{"level":40,"msg":"retrying"}',
      '{',
      '  "service": "orders",',
      '  "currentRevision": null',
      '}',
    ]
    expect(parseStatusJson('orders', output)).toEqual({ service: 'orders', currentRevision: null })
  })

  it('says which service printed no report', () => {
    expect(() => parseStatusJson('orders', ['oops'])).toThrowError(
      /orders: migrate.js status --json printed no report/,
    )
  })
})
