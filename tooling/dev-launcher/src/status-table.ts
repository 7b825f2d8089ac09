import Table from 'cli-table3'
import pc from 'picocolors'

/** A frame around the table, no rules between rows: short enough to stay on screen. */
const COMPACT = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }

export interface ServiceRow {
  service: string
  url: string
  revision: string | null
  state: string
}

/** Pure: the table printed once every service is up: where each one is, and what it runs. */
export function formatStatusTable(rows: readonly ServiceRow[], color = false): string {
  const paint = pc.createColors(color)
  const table = new Table({
    head: ['service', 'URL', 'API docs', 'schema revision', 'state'].map((h) => paint.bold(h)),
    style: { head: [], border: [] },
    chars: COMPACT,
  })
  for (const row of rows) {
    const state = row.state === 'ready' ? paint.green(row.state) : paint.red(row.state)
    table.push([row.service, row.url, `${row.url}/docs`, row.revision ?? '(none)', state])
  }
  return table.toString()
}

export interface MigrationStatusReport {
  service: string
  currentRevision: string | null
  migrations: Array<{ index: number; tag: string; state: string; hash: string }>
  unknown: Array<{ id: number; createdAt: number; hash: string }>
  counts: Record<string, number>
}

/** Pure: every service's `migrate.js status --json` report in one table. */
export function formatMigrationTable(reports: readonly MigrationStatusReport[]): string {
  const table = new Table({
    head: ['service', '#', 'migration', 'state', 'hash'],
    style: { head: [], border: [] },
    chars: COMPACT,
  })
  for (const r of reports) {
    const rows = [
      ...r.migrations.map((m) => [String(m.index), m.tag, m.state, m.hash.slice(0, 12)]),
      ...r.unknown.map((u) => ['?', `(unknown, created_at ${u.createdAt})`, 'unknown', u.hash.slice(0, 12)]),
    ]
    if (rows.length === 0) rows.push(['', '(no migrations)', '', ''])
    rows.forEach((cells, i) => {
      table.push([i === 0 ? r.service : '', ...cells])
    })
  }
  const summary = reports.map((r) => {
    const c = r.counts
    return `${r.service}: revision ${r.currentRevision ?? '(none)'}; ${c.applied ?? 0} applied, ${c.pending ?? 0} pending, ${c.drifted ?? 0} drifted, ${c['out-of-order'] ?? 0} out of order, ${c.unknown ?? 0} unknown`
  })
  return [table.toString(), ...summary].join('\n')
}
