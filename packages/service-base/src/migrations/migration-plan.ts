import type { BundledMigration } from './migration-bundle.js'

/** A row of drizzle's `__drizzle_migrations` table. */
export interface AppliedRow {
  id: number
  hash: string
  createdAt: number
}

export type MigrationState = 'applied' | 'pending' | 'drifted' | 'out-of-order'

export interface PlanEntry {
  migration: BundledMigration
  state: MigrationState
  row: AppliedRow | undefined
}

/**
 * Bundled migrations compared with the rows in the database. Pure: no I/O, so every rule here is
 * unit-tested on its own.
 */
export interface MigrationPlan {
  entries: PlanEntry[]
  /** Not yet applied, in journal order (includes out-of-order ones). */
  pending: BundledMigration[]
  /** Applied, but the file changed since. */
  drifted: PlanEntry[]
  /** Not applied although a later migration (in journal order) is: applying it now reorders history. */
  outOfOrder: BundledMigration[]
  /** Rows this build does not know: the database is ahead of the code (e.g. a rolled-back deployment). */
  unknown: AppliedRow[]
  /** Tag of the last applied migration in journal order, or null. */
  currentRevision: string | null
}

export function planMigrations(
  bundled: readonly BundledMigration[],
  rows: readonly AppliedRow[],
): MigrationPlan {
  const byCreatedAt = new Map<number, AppliedRow>()
  for (const row of rows) if (!byCreatedAt.has(row.createdAt)) byCreatedAt.set(row.createdAt, row)
  const matched = new Set<AppliedRow>()
  const rowFor = (m: BundledMigration): AppliedRow | undefined => {
    const byTime = byCreatedAt.get(m.createdAt)
    if (byTime) return byTime
    // A journal whose `when` was rewritten (a rebase that regenerated it) still matches by content.
    return rows.find(
      (r) => r.hash === m.hash && !matched.has(r) && !bundled.some((b) => b.createdAt === r.createdAt),
    )
  }

  const raw = bundled.map((migration) => {
    const row = rowFor(migration)
    if (row) matched.add(row)
    return { migration, row }
  })
  const lastAppliedIndex = raw.reduce((last, e, i) => (e.row ? i : last), -1)

  const entries: PlanEntry[] = raw.map(({ migration, row }, i) => {
    let state: MigrationState
    if (row) state = row.hash === migration.hash ? 'applied' : 'drifted'
    else state = i < lastAppliedIndex ? 'out-of-order' : 'pending'
    return { migration, state, row }
  })

  const last = lastAppliedIndex >= 0 ? entries[lastAppliedIndex] : undefined
  return {
    entries,
    pending: entries
      .filter((e) => e.state === 'pending' || e.state === 'out-of-order')
      .map((e) => e.migration),
    drifted: entries.filter((e) => e.state === 'drifted'),
    outOfOrder: entries.filter((e) => e.state === 'out-of-order').map((e) => e.migration),
    unknown: rows.filter((r) => !matched.has(r)),
    currentRevision: last ? last.migration.tag : null,
  }
}
