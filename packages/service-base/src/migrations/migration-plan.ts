import { matchAppliedRows } from './match-applied-rows.js'
import type { BundledMigration } from './migration-bundle.js'

/** A row of drizzle's `__drizzle_migrations` table. */
export interface AppliedRow {
  id: number
  hash: string
  createdAt: number
  /** drizzle 1.0's `name` column: absent in a 0.x table, null in rows a 0.x tool wrote. */
  name?: string | null
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
  /**
   * Not applied although a later migration is (journal order, or folder-name order in the 1.0
   * layout): applying it now reorders history. drizzle 1.0 applies such a migration silently.
   */
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
  const matched = matchAppliedRows(bundled, rows)
  const raw = bundled.map((migration) => ({ migration, row: matched.get(migration) }))
  const taken = new Set(matched.values())
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
    unknown: rows.filter((r) => !taken.has(r)),
    currentRevision: last ? last.migration.tag : null,
  }
}
