import { describe, expect, it } from 'vitest'
import { formatMigrationTable, formatStatusTable, migrationProblems } from './status-table.js'

describe('formatStatusTable', () => {
  it('shows each service with its URL, API docs, schema revision and state', () => {
    const text = formatStatusTable([
      { service: 'orders', url: 'http://127.0.0.1:3002', revision: '0001_add_notes', state: 'ready' },
      { service: 'inventory', url: 'http://127.0.0.1:3003', revision: null, state: 'down' },
    ])
    const lines = text.split('\n')
    expect(lines[1]).toMatch(/service\s+│ URL\s+│ API docs\s+│ schema revision\s+│ state/)
    expect(text).toMatch(
      /orders\s+│ http:\/\/127\.0\.0\.1:3002\s+│ http:\/\/127\.0\.0\.1:3002\/docs\s+│ 0001_add_notes\s+│ ready/,
    )
    expect(text).toMatch(/inventory .*│ \(none\)\s+│ down/)
    expect(text).not.toContain('\u001b[')
    expect(lines).toHaveLength(5)
  })
})

describe('formatMigrationTable', () => {
  it('lists every service migration with its state, then one summary line per service', () => {
    const text = formatMigrationTable([
      {
        service: 'orders',
        currentRevision: '0000_initial',
        migrations: [
          { index: 0, tag: '0000_initial', state: 'applied', hash: 'a'.repeat(64) },
          { index: 1, tag: '0001_notes', state: 'pending', hash: 'b'.repeat(64) },
        ],
        unknown: [],
        counts: { applied: 1, pending: 1, drifted: 0, 'out-of-order': 0, unknown: 0 },
      },
    ])
    expect(text).toMatch(/orders\s+│ 0 │ 0000_initial\s+│ applied │ aaaaaaaaaaaa/)
    expect(text).toMatch(/│\s+│ 1 │ 0001_notes\s+│ pending │ bbbbbbbbbbbb/)
    expect(text).toContain('orders: revision 0000_initial; 1 applied, 1 pending, 0 drifted')
  })
})

describe('migrationProblems', () => {
  const report = (counts: Record<string, number>) => ({
    service: 'orders',
    currentRevision: null,
    migrations: [],
    unknown: [],
    counts,
  })
  it('names each service with pending, drifted or out-of-order migrations', () => {
    expect(migrationProblems([report({ applied: 2, pending: 1, drifted: 1 })])).toEqual([
      'orders: 1 pending, 1 drifted',
    ])
    expect(migrationProblems([report({ applied: 1, 'out-of-order': 1 })])).toEqual(['orders: 1 out-of-order'])
  })

  it('finds nothing when every migration is applied (a database ahead only warns)', () => {
    expect(migrationProblems([report({ applied: 3, pending: 0, unknown: 1 })])).toEqual([])
  })

  it('colours the states on a terminal only', () => {
    const r = {
      ...report({ pending: 1 }),
      migrations: [{ index: 0, tag: '0000_a', state: 'pending', hash: 'c'.repeat(64) }],
    }
    expect(formatMigrationTable([r], true)).toContain('\u001b[33mpending')
    expect(formatMigrationTable([r])).not.toContain('\u001b[')
  })
})
