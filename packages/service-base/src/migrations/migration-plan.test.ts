import { describe, expect, it } from 'vitest'
import type { BundledMigration } from './migration-bundle.js'
import { type AppliedRow, planMigrations } from './migration-plan.js'

const m = (index: number, hash = `h${index}`): BundledMigration => ({
  index,
  tag: `000${index}_m`,
  createdAt: 1000 + index,
  hash,
  statements: ['SELECT 1'],
})
const row = (id: number, createdAt: number, hash: string): AppliedRow => ({ id, createdAt, hash })

describe('planMigrations', () => {
  it('treats everything as pending on a database with no rows', () => {
    const plan = planMigrations([m(0), m(1)], [])
    expect(plan.pending.map((x) => x.tag)).toEqual(['0000_m', '0001_m'])
    expect(plan.currentRevision).toBeNull()
  })

  it('reports nothing to do when every bundled migration has its row', () => {
    const plan = planMigrations([m(0), m(1)], [row(1, 1000, 'h0'), row(2, 1001, 'h1')])
    expect(plan.pending).toEqual([])
    expect(plan.entries.map((e) => e.state)).toEqual(['applied', 'applied'])
    expect(plan.currentRevision).toBe('0001_m')
  })

  it('finds a migration merged with an older timestamp than the newest applied one', () => {
    // Journal order puts the merged branch migration last, with an older `when` than 0001:
    // drizzle's high-water mark skips it forever; the set difference does not.
    const merged = { ...m(2), createdAt: 999 }
    const plan = planMigrations([m(0), m(1), merged], [row(1, 1000, 'h0'), row(2, 1001, 'h1')])
    expect(plan.pending.map((x) => x.tag)).toEqual(['0002_m'])
    expect(plan.outOfOrder).toEqual([])
  })

  it('flags a missing migration that precedes an applied one as out of order', () => {
    const plan = planMigrations([m(0), m(1), m(2)], [row(1, 1000, 'h0'), row(2, 1002, 'h2')])
    expect(plan.outOfOrder.map((x) => x.tag)).toEqual(['0001_m'])
    expect(plan.entries[1]?.state).toBe('out-of-order')
    expect(plan.pending.map((x) => x.tag)).toEqual(['0001_m'])
  })

  it('flags an applied migration whose file changed as drifted', () => {
    const plan = planMigrations([m(0, 'edited')], [row(1, 1000, 'h0')])
    expect(plan.drifted.map((e) => e.migration.tag)).toEqual(['0000_m'])
    expect(plan.pending).toEqual([])
  })

  it('reports rows this build does not know as unknown (database ahead)', () => {
    const plan = planMigrations([m(0)], [row(1, 1000, 'h0'), row(2, 5000, 'future')])
    expect(plan.unknown).toEqual([row(2, 5000, 'future')])
    expect(plan.pending).toEqual([])
    expect(plan.currentRevision).toBe('0000_m')
  })

  it('matches a row by content when the journal timestamp was rewritten', () => {
    const plan = planMigrations([{ ...m(0), createdAt: 7777 }], [row(1, 1000, 'h0')])
    expect(plan.entries[0]?.state).toBe('applied')
    expect(plan.unknown).toEqual([])
  })
})
