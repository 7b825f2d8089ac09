import { type BenchContext, baselines, serviceEnv } from '../bench-context.js'
import { logTimeline, spawnEntry, waitForStatus200 } from '../processes.js'
import type { MeasurementResult } from '../result.js'
import type { BenchSettings } from '../settings.js'
import { median, ratio, summarize } from '../stats.js'

interface Candidate {
  name: string
  entry: string
  env: Record<string, string>
  cwd: string
}

/**
 * Spawn → first `/health/ready` 200 for the orders service on a migrated database, beside a bare
 * Fastify process (the floor) and orders running drizzle's migrate() before listening (the old way).
 * Candidates take turns in a rotating order so that machine noise spreads over all three.
 */
export async function measureStartToReady(
  ctx: BenchContext,
  settings: BenchSettings,
): Promise<MeasurementResult> {
  const db = await ctx.createDatabase('startup')
  await ctx.migrate(db.url)
  const orders = ctx.services.orders
  const common = serviceEnv(db.url, { DB_CONNECT_TIMEOUT: '10' })
  const candidates: Candidate[] = [
    { name: 'orders', entry: orders.main, env: common, cwd: orders.dir },
    { name: 'bare Fastify', entry: baselines.bareFastify, env: { LOG_LEVEL: 'info' }, cwd: orders.dir },
    {
      name: 'orders + drizzle migrate() on start',
      entry: baselines.ordersMigrateOnStart,
      env: { ...common, MIGRATIONS_DIR: orders.migrations },
      cwd: orders.dir,
    },
  ]
  const samples = new Map<string, number[]>(candidates.map((c) => [c.name, []]))
  // Where orders' time goes, from its own log timestamps (ms granularity): app built, verified, listening.
  const phases: number[][] = []
  // One unmeasured start each: the first spawn pays for a cold file cache.
  for (let round = -1; round < settings.startupRuns; round++) {
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[(i + Math.max(round, 0)) % candidates.length] as Candidate
      const { ms, timeline } = await timeStart(c, settings.pollMs)
      if (round < 0) continue
      samples.get(c.name)?.push(ms)
      if (c.name === 'orders') phases.push([...timeline, ms])
    }
  }
  const [ours, floor, migrating] = candidates.map((c) => summarize(samples.get(c.name) ?? []))
  if (!ours || !floor || !migrating) throw new Error('missing startup samples')
  const oursVsFloor = ratio(ours.median, floor.median)
  const oursVsMigrating = ratio(ours.median, migrating.median)
  return {
    id: 'startup',
    title: '1. Start-to-ready (spawn → /health/ready 200)',
    figures: [
      {
        metric: 'orders dist/main.js, migrated DB',
        unit: 'ms',
        ours,
        baseline: { name: 'bare Fastify (floor)', summary: floor },
        ratio: oursVsFloor,
        target: '≤ 1.3× floor',
        met: oursVsFloor <= 1.3,
      },
      {
        metric: 'orders vs the same service migrating on start',
        unit: 'ms',
        ours,
        baseline: { name: 'orders + drizzle migrate()', summary: migrating },
        ratio: oursVsMigrating,
        target: 'seeds: 50–80% faster (≤ 0.5×)',
        met: oursVsMigrating <= 0.5,
      },
    ],
    details: {
      overheadOverFloorMs: ours.median - floor.median,
      migrateOnStartOverheadMs: migrating.median - ours.median,
      ordersPhasesMedianMs: {
        appBuilt: median(phases.map((p) => p[0] ?? -1)),
        verified: median(phases.map((p) => p[1] ?? -1)),
        listening: median(phases.map((p) => p[2] ?? -1)),
        ready: median(phases.map((p) => p[3] ?? -1)),
      },
      samplesMs: Object.fromEntries(samples),
      pollMs: settings.pollMs,
    },
  }
}

const PHASES = ['database verification mode', 'database verification successful', 'Server listening']

async function timeStart(c: Candidate, pollMs: number): Promise<{ ms: number; timeline: number[] }> {
  const proc = await spawnEntry(c.entry, c.env, c.cwd)
  try {
    const ms = await waitForStatus200(proc, { pollMs, timeoutMs: 30_000 })
    return { ms, timeline: logTimeline(proc, PHASES) }
  } finally {
    await proc.stop()
  }
}
