import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BenchReport } from './result.js'
import { formatMarkdownTable } from './table.js'

/** Writes `<outDir>/<date>.json` (everything, samples included) and `<outDir>/latest.md`. */
export async function writeResults(
  report: BenchReport,
  outDir: string,
): Promise<{ json: string; markdown: string }> {
  await mkdir(outDir, { recursive: true })
  const stamp = report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')
  const json = join(outDir, `${stamp}.json`)
  const markdown = join(outDir, 'latest.md')
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
  await writeFile(markdown, formatMarkdown(report, `${stamp}.json`))
  return { json, markdown }
}

/** The human summary: machine, conditions, then every figure beside its baseline and target. */
export function formatMarkdown(report: BenchReport, jsonName: string): string {
  const m = report.machine
  const unmet = report.measurements.flatMap((r) =>
    r.figures.filter((f) => f.met === false).map((f) => f.metric),
  )
  return [
    '# bakery-ia benchmark results',
    '',
    `Run of ${report.date} (${Math.round(report.durationSeconds)} s), full data in [\`${jsonName}\`](./${jsonName}).`,
    '',
    `- Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}`,
    `- Node ${m.node}; PostgreSQL ${m.postgres}, ${report.postgres.mode}`,
    `- Load average (1 min) at start / end: ${m.loadAverage.start} / ${m.loadAverage.end}` +
      (m.loadAverage.start > m.cores ? ' — the machine was shared and busy: read ratios, not absolutes' : ''),
    `- Settings: \`${JSON.stringify(report.settings)}\``,
    '',
    'Every baseline ran in the same run on the same machine, interleaved with what it is compared to.',
    'Figures are medians of repeated runs (p95 and n beside them); ratio = ours ÷ baseline.',
    '',
    formatMarkdownTable(report.measurements),
    unmet.length === 0 ? 'All targets met.' : `Targets not met: ${unmet.join('; ')}.`,
    '',
    'Reproduce: `pnpm bench` (full, about 5 min on 2 cores) or `BENCH_QUICK=1 pnpm bench`; settings are `BENCH_*` variables (bench/README.md).',
    '',
  ].join('\n')
}
