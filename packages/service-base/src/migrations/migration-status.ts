import type { DatabaseState } from './database-state.js'
import { whyNeverRuns } from './folder-layout.js'
import type { MigrationBundle } from './migration-bundle.js'
import { type MigrationState, planMigrations } from './migration-plan.js'

export interface MigrationStatus {
  service: string
  database: string
  hasMigrationsTable: boolean
  /** The folder's drizzle-kit layout and the table's drizzle version (1: it has `name`). */
  layout: 'journal' | 'folders'
  tableVersion: 0 | 1
  /** Present: status reads the state with `countTables: 'always'`. */
  tableCount?: number
  currentRevision: string | null
  migrations: Array<{ index: number; tag: string; state: MigrationState; hash: string }>
  /** Applied rows this build does not know (database ahead). */
  unknown: Array<{ id: number; createdAt: number; hash: string }>
  unlistedFiles: string[]
  /** INVALID indexes in the database (a cancelled CONCURRENTLY build). */
  invalidIndexes: string[]
  counts: Record<MigrationState | 'unknown', number>
}

/** Pure: the `migrate status` report of a bundle against a database state. */
export function describeStatus(
  service: string,
  bundle: MigrationBundle,
  state: DatabaseState,
): MigrationStatus {
  const plan = planMigrations(bundle.migrations, state.rows)
  const migrations = plan.entries.map((e) => ({
    index: e.migration.index,
    tag: e.migration.tag,
    state: e.state,
    hash: e.migration.hash,
  }))
  const counts = { applied: 0, pending: 0, drifted: 0, 'out-of-order': 0, unknown: plan.unknown.length }
  for (const m of migrations) counts[m.state]++
  return {
    service,
    database: state.database,
    hasMigrationsTable: state.hasMigrationsTable,
    layout: bundle.layout ?? 'journal',
    tableVersion: state.tableVersion,
    tableCount: state.tableCount,
    currentRevision: plan.currentRevision,
    migrations,
    unknown: plan.unknown.map((r) => ({ id: r.id, createdAt: r.createdAt, hash: r.hash })),
    unlistedFiles: bundle.unlistedFiles,
    invalidIndexes: state.invalidIndexes,
    counts,
  }
}

/** A plain-text table for a terminal. */
export function formatStatus(s: MigrationStatus): string {
  const rows: string[][] = [['#', 'migration', 'state', 'hash']]
  for (const m of s.migrations) rows.push([String(m.index), m.tag, m.state, m.hash.slice(0, 12)])
  for (const u of s.unknown)
    rows.push(['?', `(unknown, created_at ${u.createdAt})`, 'unknown', u.hash.slice(0, 12)])
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => r[col]?.length ?? 0))) ?? []
  const lines = rows.map((r) =>
    r
      .map((cell, col) => cell.padEnd(widths[col] ?? 0))
      .join('  ')
      .trimEnd(),
  )
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '))
  const c = s.counts
  const summary = [
    `${s.service} @ ${s.database}: revision ${s.currentRevision ?? '(none)'}`,
    `${c.applied} applied, ${c.pending} pending, ${c.drifted} drifted, ${c['out-of-order']} out of order, ${c.unknown} unknown`,
  ]
  if (!s.hasMigrationsTable) summary.push('no migrations table yet: the database was never migrated')
  else if (s.tableVersion === 0 && c.unknown > 0)
    summary.push(
      `warning: drizzle-orm 1.0's first migrate() would refuse this database (a 0.x table with ${c.unknown} row${c.unknown === 1 ? '' : 's'} this folder does not know): run it from the newest build's folder first`,
    )
  for (const f of s.unlistedFiles)
    summary.push(
      `warning: ${f} ${whyNeverRuns(s.layout)}, so drizzle will never run it: fold it into a migration or delete it`,
    )
  if (s.invalidIndexes.length > 0)
    summary.push(
      `warning: INVALID index${s.invalidIndexes.length > 1 ? 'es' : ''} ${s.invalidIndexes.join(', ')} (a cancelled CONCURRENTLY build): drop and rebuild`,
    )
  return [...lines, '', ...summary].join('\n')
}
