import type { Figure, MeasurementResult } from './result.js'
import type { Summary } from './stats.js'

const HEADER = ['Metric', 'Ours (median)', 'Baseline (median)', 'Ratio', 'Target', 'Met']

function formatValue(s: Summary, unit: Figure['unit']): string {
  const digits = unit === 'ms' || unit === 'MiB' ? 1 : 0
  const value = s.median.toFixed(digits)
  const spread =
    s.n > 1 && unit === 'ms' ? ` (p95 ${s.p95.toFixed(digits)}, n=${s.n})` : s.n > 1 ? ` (n=${s.n})` : ''
  return `${value} ${unit}${spread}`
}

const verdict = (f: Figure): string => (f.met === undefined ? '–' : f.met ? 'yes' : 'NO')

/** One row of cells per figure, shared by the terminal table and the markdown summary. */
export function figureCells(f: Figure): string[] {
  return [
    f.metric,
    formatValue(f.ours, f.unit),
    f.baseline ? `${formatValue(f.baseline.summary, f.unit)} — ${f.baseline.name}` : '–',
    f.ratio === undefined || Number.isNaN(f.ratio) ? '–' : `${f.ratio.toFixed(2)}×`,
    f.target ?? '–',
    verdict(f),
  ]
}

/** A plain-text table per measurement, columns padded to fit, for the terminal. */
export function formatTable(results: MeasurementResult[]): string {
  const rows = results.flatMap((m) => m.figures.map(figureCells))
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' │ ')
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─')
  const out: string[] = [line(HEADER), rule]
  for (const m of results) {
    out.push(m.title)
    for (const f of m.figures) out.push(line(figureCells(f)))
  }
  return `${out.join('\n')}\n`
}

/** The same figures as a GitHub markdown table. */
export function formatMarkdownTable(results: MeasurementResult[]): string {
  const escapePipes = (c: string) => c.replaceAll('|', '\\|')
  const out = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => ' --- ').join('|')}|`]
  for (const m of results) {
    out.push(`| **${escapePipes(m.title)}** | | | | | |`)
    for (const f of m.figures) out.push(`| ${figureCells(f).map(escapePipes).join(' | ')} |`)
  }
  return `${out.join('\n')}\n`
}
