import { describe, expect, it } from 'vitest'
import { createLineWriter, formatLine } from './log-lines.js'
import { lastError } from './migration-entry.js'

describe('createLineWriter', () => {
  it('prefixes every line with its source, aligned, and passes JSON through when not on a terminal', () => {
    const out: string[] = []
    const log = createLineWriter({ pretty: false, sources: ['dev', 'inventory'], write: (t) => out.push(t) })
    log('dev', 'hello')
    log('inventory', '{"level":30,"msg":"up"}')
    expect(out).toEqual(['[dev]       hello\n', '[inventory] {"level":30,"msg":"up"}\n'])
  })
})

describe('formatLine', () => {
  it('pretty-prints pino records and leaves other lines alone', () => {
    const prettify = (r: object) => `PRETTY ${(r as { msg: string }).msg}\n  detail\n`
    expect(formatLine('{"level":30,"msg":"up"}', prettify)).toEqual(['PRETTY up', '  detail'])
    expect(formatLine('{"not":"pino"}', prettify)).toEqual(['{"not":"pino"}'])
    expect(formatLine('{broken', prettify)).toEqual(['{broken'])
    expect(formatLine('{"level":30}')).toEqual(['{"level":30}'])
  })
})

describe('lastError', () => {
  it('names the runner’s own error, code first', () => {
    const output = [
      '{"level":30,"msg":"migration job starting"}',
      '{"level":50,"code":"MIGRATE_FAILED","msg":"0002_x failed: column exists"}',
      'trailing',
    ]
    expect(lastError(output)).toBe('MIGRATE_FAILED 0002_x failed: column exists')
    expect(lastError(['just text'])).toBe('just text')
    expect(lastError([])).toBe('(no output)')
  })
})
