import { type BenchContext, baselines, serviceEnv } from '../bench-context.js'
import { type BenchProcess, errorLines, spawnEntry, waitForStatus200 } from '../processes.js'
import type { MeasurementResult } from '../result.js'
import type { BenchSettings } from '../settings.js'
import { ratio, summarize } from '../stats.js'

interface Burst {
  /** First spawn → the last replica's first /health/ready 200. */
  allReadyMs: number
  errors: string[]
}

/**
 * N replicas of orders started at once against one database (a Deployment scaling out, or every pod
 * after a rollout), beside N bare Fastify processes started the same way. Any replica that exits,
 * times out or logs at error level counts as an error.
 */
export async function measureReplicas(
  ctx: BenchContext,
  settings: BenchSettings,
): Promise<MeasurementResult> {
  const db = await ctx.createDatabase('replicas')
  await ctx.migrate(db.url)
  const orders = ctx.services.orders
  const env = serviceEnv(db.url, { DB_CONNECT_TIMEOUT: '30' })
  // A poll per replica every few ms would itself load the two cores: poll 20 processes gently.
  const pollMs = Math.max(settings.pollMs, 20)
  const ours: Burst[] = []
  const floor: Burst[] = []
  for (let run = 0; run < settings.replicaRuns; run++) {
    floor.push(
      await startBurst(
        settings.replicas,
        () => spawnEntry(baselines.bareFastify, { LOG_LEVEL: 'info' }),
        pollMs,
      ),
    )
    ours.push(await startBurst(settings.replicas, () => spawnEntry(orders.main, env, orders.dir), pollMs))
  }
  const oursSummary = summarize(ours.map((b) => b.allReadyMs))
  const floorSummary = summarize(floor.map((b) => b.allReadyMs))
  const errors = ours.flatMap((b) => b.errors)
  const r = ratio(oursSummary.median, floorSummary.median)
  return {
    id: 'replicas',
    title: `3. ${settings.replicas} replicas starting at once on one database`,
    figures: [
      {
        metric: `${settings.replicas} × orders: first spawn → all ready`,
        unit: 'ms',
        ours: oursSummary,
        baseline: { name: `${settings.replicas} × bare Fastify`, summary: floorSummary },
        ratio: r,
        target: '≤ 1.6× floor',
        met: r <= 1.6,
      },
      {
        metric: `errors across ${ours.length * settings.replicas} replica starts`,
        unit: 'errors',
        ours: summarize([errors.length]),
        target: '0',
        met: errors.length === 0,
        invariant: true,
      },
    ],
    details: { replicas: settings.replicas, runs: settings.replicaRuns, pollMs, errors: errors.slice(0, 10) },
  }
}

async function startBurst(n: number, spawnOne: () => Promise<BenchProcess>, pollMs: number): Promise<Burst> {
  const procs: BenchProcess[] = []
  try {
    for (let i = 0; i < n; i++) procs.push(await spawnOne())
    const first = Math.min(...procs.map((p) => p.spawnedAt))
    const results = await Promise.allSettled(
      procs.map((p) =>
        waitForStatus200(p, { pollMs, timeoutMs: 60_000 }).then((ms) => ms + p.spawnedAt - first),
      ),
    )
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason).slice(0, 300)] : []))
    errors.push(...procs.flatMap((p) => errorLines(p)))
    const times = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    return { allReadyMs: Math.max(...times), errors }
  } finally {
    await Promise.all(procs.map((p) => p.stop()))
  }
}
