import type { BundledMigration } from './migration-bundle.js'
import type { AppliedRow } from './migration-plan.js'

/** `created_at` cut to whole seconds the way drizzle-orm 1.0's table upgrade cuts it (as text). */
export function toWholeSeconds(createdAt: number): number {
  const s = String(createdAt)
  return Number(`${s.slice(0, -3)}000`)
}

/**
 * Pairs each applied row with the bundled migration it records, one row per migration. Rows are
 * taken in id order, through the rules below in turn; a row no rule pairs is unknown (database ahead).
 * 1. A row with a `name` (a drizzle 1.0 table) is that migration, and nothing else: drizzle 1.0
 *    picks pending migrations by name.
 * 2. Otherwise an exact `created_at` (the journal's `when`, or the 1.0 folder's timestamp).
 * 3. Otherwise drizzle-orm 1.0's own upgrade rule, so we accept exactly the rows its backfill will
 *    name: `created_at` cut to the second equals the migration's; of several such, the one with
 *    the same hash.
 * 4. Otherwise the same hash, if no migration claims the row's `created_at` (a `when` rewritten by
 *    a rebase that regenerated the journal).
 */
export function matchAppliedRows(
  bundled: readonly BundledMigration[],
  rows: readonly AppliedRow[],
): Map<BundledMigration, AppliedRow> {
  const matched = new Map<BundledMigration, AppliedRow>()
  const taken = new Set<AppliedRow>()
  const free = (m: BundledMigration | undefined) => (m && !matched.has(m) ? m : undefined)
  const pair = (row: AppliedRow, m: BundledMigration | undefined) => {
    if (!m) return
    matched.set(m, row)
    taken.add(row)
  }
  const named = rows.filter((r) => r.name != null)
  const unnamed = rows.filter((r) => r.name == null)
  if (named.length > 0) {
    const byName = indexBy(bundled, (m) => m.name ?? m.tag)
    for (const row of named) pair(row, free(byName.get(row.name as string)?.[0]))
  }
  if (unnamed.length === 0) return matched
  const byCreatedAt = indexBy(bundled, (m) => m.createdAt)
  for (const row of unnamed)
    pair(
      row,
      byCreatedAt.get(row.createdAt)?.find((m) => !matched.has(m)),
    )
  // The usual case ends here: every row found its migration by exact created_at.
  let left = unnamed.filter((r) => !taken.has(r))
  if (left.length === 0) return matched
  const bySecond = indexBy(bundled, (m) => toWholeSeconds(m.createdAt))
  for (const row of left) {
    const candidates = bySecond.get(toWholeSeconds(row.createdAt)) ?? []
    const m = candidates.length === 1 ? candidates[0] : candidates.find((c) => c.hash === row.hash)
    pair(row, free(m))
  }
  left = left.filter((r) => !taken.has(r) && !byCreatedAt.has(r.createdAt))
  if (left.length === 0) return matched
  const byHash = indexBy(bundled, (m) => m.hash)
  for (const row of left)
    pair(
      row,
      byHash.get(row.hash)?.find((m) => !matched.has(m)),
    )
  return matched
}

function indexBy<K>(items: readonly BundledMigration[], key: (m: BundledMigration) => K) {
  const map = new Map<K, BundledMigration[]>()
  for (const m of items) {
    const k = key(m)
    const list = map.get(k)
    if (list) list.push(m)
    else map.set(k, [m])
  }
  return map
}
