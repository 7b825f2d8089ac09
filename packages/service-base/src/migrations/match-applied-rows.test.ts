import { describe, expect, it } from 'vitest'
import type { BundledMigration } from './migration-bundle.js'
import type { AppliedRow } from './migration-plan.js'
import { planMigrations } from './migration-plan.js'

const sec = (s: number) => Date.UTC(2025, 0, 1, 0, 0, s)
/** A 1.0-layout migration: created_at is the folder's second. */
const v1 = (s: number, hash = `h${s}`): BundledMigration => ({
  index: s,
  tag: `2025010100000${s}_m${s}`,
  name: `2025010100000${s}_m${s}`,
  createdAt: sec(s),
  hash,
  statements: ['SELECT 1'],
})
const row = (id: number, createdAt: number, hash: string, name?: string | null): AppliedRow => ({
  id,
  createdAt,
  hash,
  name,
})

describe('matching rows to migrations across drizzle versions', () => {
  it('matches a drizzle 1.0 row by name, whatever its created_at', () => {
    const plan = planMigrations([v1(0), v1(1)], [row(1, 1, 'h0', '20250101000000_m0')])
    expect(plan.entries.map((e) => e.state)).toEqual(['applied', 'pending'])
  })

  it('matches a 0.x row (created_at in ms) to the folder drizzle-kit up made, as drizzle 1.0 backfills it', () => {
    const plan = planMigrations([v1(0), v1(1)], [row(1, sec(0) + 437, 'h0'), row(2, sec(1) + 999, 'h1')])
    expect(plan.entries.map((e) => e.state)).toEqual(['applied', 'applied'])
    expect(plan.unknown).toEqual([])
  })

  it('reports drift when the one migration of that second has another hash (drizzle 1.0 would not notice)', () => {
    const plan = planMigrations([v1(0)], [row(1, sec(0) + 5, 'edited')])
    expect(plan.drifted.map((e) => e.migration.tag)).toEqual(['20250101000000_m0'])
  })

  it('tells two migrations of the same second apart by hash, as drizzle 1.0 does', () => {
    const a = { ...v1(0, 'ha'), tag: '20250101000000_a', name: '20250101000000_a' }
    const b = { ...v1(0, 'hb'), index: 1, tag: '20250101000000_b', name: '20250101000000_b' }
    const plan = planMigrations([a, b], [row(1, sec(0) + 1, 'hb')])
    expect(plan.entries.map((e) => e.state)).toEqual(['out-of-order', 'applied'])
  })

  it('keeps a row whose name no migration has as unknown (database ahead)', () => {
    const plan = planMigrations(
      [v1(0)],
      [row(1, sec(0), 'h0', '20250101000000_m0'), row(2, sec(9), 'hx', 'zzz')],
    )
    expect(plan.unknown.map((r) => r.id)).toEqual([2])
  })

  it('finds a migration missing before an applied one in name order (drizzle 1.0 would apply it silently)', () => {
    const plan = planMigrations([v1(0), v1(1), v1(2)], [row(1, sec(0), 'h0'), row(2, sec(2), 'h2')])
    expect(plan.outOfOrder.map((m) => m.tag)).toEqual(['20250101000001_m1'])
  })
})
