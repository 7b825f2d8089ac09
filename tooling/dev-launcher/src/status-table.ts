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

/** States that make `db:status` exit non-zero: the services would refuse to start on them. */
const BLOCKING = ['pending', 'drifted', 'out-of-order'] as const

/** Pure: one line per service whose migrations need attention; empty when every one is applied. */
export function migrationProblems(reports: readonly MigrationStatusReport[]): string[] {
  return reports.flatMap((r) => {
    const found = BLOCKING.filter((state) => (r.counts[state] ?? 0) > 0).map(
      (state) => `${r.counts[state]} ${state}`,
    )
    return found.length > 0 ? [`${r.service}: ${found.join(', ')}`] : []
  })
}

/** Pure: every service's `migrate.js status --json` report in one table, states coloured on a terminal. */
export function formatMigrationTable(reports: readonly MigrationStatusReport[], color = false): string {
  const paint = pc.createColors(color)
  const painted: Record<string, (text: string) => string> = {
    applied: paint.green,
    pending: paint.yellow,
    drifted: paint.red,
    'out-of-order': paint.red,
    unknown: paint.magenta,
  }
  const state = (name: string) => (painted[name] ?? ((t: string) => t))(name)
  const table = new Table({
    head: ['service', '#', 'migration', 'state', 'hash'],
    style: { head: [], border: [] },
    chars: COMPACT,
  })
  for (const r of reports) {
    const rows = [
      ...r.migrations.map((m) => [String(m.index), m.tag, state(m.state), m.hash.slice(0, 12)]),
      ...r.unknown.map((u) => [
        '?',
        `(unknown, created_at ${u.createdAt})`,
        state('unknown'),
        u.hash.slice(0, 12),
      ]),
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
