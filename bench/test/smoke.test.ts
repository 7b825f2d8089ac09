import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { BenchReport } from '../src/result.js'
import { writeResults } from '../src/results-writer.js'
import { runBench } from '../src/run-bench.js'
import { type BenchSettings, loadBenchSettings } from '../src/settings.js'

// The CI smoke run: every measurement on minimal settings. It proves the harness works and the hard
// invariants hold; its timings mean nothing (the full run is `pnpm bench`).
const settings: BenchSettings = {
  ...loadBenchSettings({ BENCH_QUICK: '1' }),
  startupRuns: 1,
  verifyMigrations: [10, 200],
  replicas: 3,
  migrateSynthetic: 10,
  loadSeconds: 1,
  loadConnections: 1,
  warmupSeconds: 0,
  write: false,
}

describe('pnpm bench, smoke run on tiny settings', () => {
  let report: BenchReport
  beforeAll(async () => {
    report = await runBench(settings)
  }, 110_000)

  it('reports all six measurements, each figure a finite median with its unit', () => {
    expect(report.measurements.map((m) => m.id)).toEqual([
      'startup',
      'round-trips',
      'replicas',
      'migration-job',
      'api',
      'memory',
    ])
    for (const figure of report.measurements.flatMap((m) => m.figures)) {
      expect(Number.isFinite(figure.ours.median), figure.metric).toBe(true)
      if (figure.baseline) expect(Number.isFinite(figure.baseline.summary.median), figure.metric).toBe(true)
    }
    expect(report.machine).toMatchObject({
      cores: expect.any(Number),
      postgres: expect.stringMatching(/^\d+/),
    })
  })

  it('holds the hard invariants: one verification statement, 8/8 concurrent Jobs, no errors', () => {
    const invariants = report.measurements.flatMap((m) => m.figures.filter((f) => f.invariant))
    expect(invariants.map((f) => f.metric)).toEqual(
      expect.arrayContaining([
        'statements during startup, 10 migrations',
        'statements during startup, 200 migrations',
        'errors across 3 replica starts',
        '8 concurrent Jobs, 10 migrations: Jobs that succeeded (worst run)',
      ]),
    )
    expect(invariants.filter((f) => !f.met).map((f) => `${f.metric}: ${f.ours.median}`)).toEqual([])
  })

  it('writes the JSON results and the markdown summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bakery-bench-'))
    try {
      const written = await writeResults(report, dir)
      const json = JSON.parse(await readFile(written.json, 'utf8')) as BenchReport
      expect(json.measurements).toHaveLength(6)
      const markdown = await readFile(written.markdown, 'utf8')
      expect(markdown).toContain(report.machine.cpuModel)
      expect(markdown).toContain('| Metric | Ours (median) |')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
