import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { type BenchContext, baselines } from '../bench-context.js'
import { type BenchProcess, readRssMiB, spawnEntry, waitForStatus200 } from '../processes.js'
import type { Figure, MeasurementResult } from '../result.js'
import type { BenchSettings } from '../settings.js'
import { ratio, summarize } from '../stats.js'
import { memoryResult } from './memory.js'

interface Endpoint {
  name: string
  method: 'GET' | 'POST'
  path: string
  body?: string
}

interface LoadRun {
  rps: number
  p50: number
  p99: number
  failures: number
}

/**
 * Throughput and latency of orders' read and write endpoints under autocannon, beside a minimal
 * hand-written Fastify + postgres.js server sending the same SQL. Both run at once and are loaded in
 * turn, with the same pool size, on 127.0.0.1 only. Also returns memory, read from the same processes.
 */
export async function measureApi(ctx: BenchContext, settings: BenchSettings): Promise<MeasurementResult[]> {
  const db = await ctx.createDatabase('api')
  await ctx.migrate(db.url)
  const customerId = await seedCustomer(db.url)
  const endpoints: Endpoint[] = [
    { name: 'read: GET /api/v1/customers/:id', method: 'GET', path: `/api/v1/customers/${customerId}` },
    {
      name: 'write: POST /api/v1/customers',
      method: 'POST',
      path: '/api/v1/customers',
      body: JSON.stringify({ name: 'Bench Bakery', email: 'bench@bakery.example' }),
    },
  ]
  const env = { DATABASE_URL: db.url, LOG_LEVEL: 'info', DB_POOL_MAX: '10' }
  const orders = ctx.services.orders
  const procs: BenchProcess[] = []
  try {
    const ours = await spawnEntry(orders.main, env, orders.dir)
    procs.push(ours)
    const baseline = await spawnEntry(baselines.minimalOrdersApi, env, orders.dir)
    procs.push(baseline)
    for (const p of procs) await waitForStatus200(p, { pollMs: 20 })
    await sleep(1000)
    const idle = { ours: await readRssMiB(ours.child.pid), baseline: await readRssMiB(baseline.child.pid) }
    const figures: Figure[] = []
    const runs: Record<string, { ours: LoadRun[]; baseline: LoadRun[] }> = {}
    for (const endpoint of endpoints) {
      const r = { ours: [] as LoadRun[], baseline: [] as LoadRun[] }
      if (settings.warmupSeconds > 0) {
        for (const p of [ours, baseline]) await load(p.url, endpoint, settings, settings.warmupSeconds)
      }
      for (let run = 0; run < settings.loadRuns; run++) {
        // Alternate who goes first, so a burst of noise does not always hit the same side.
        const order = run % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const)
        for (const side of order) {
          r[side].push(
            await load((side === 'ours' ? ours : baseline).url, endpoint, settings, settings.loadSeconds),
          )
        }
      }
      runs[endpoint.name] = r
      figures.push(...endpointFigures(endpoint.name, r))
    }
    const afterLoad = {
      ours: await readRssMiB(ours.child.pid),
      baseline: await readRssMiB(baseline.child.pid),
    }
    const api: MeasurementResult = {
      id: 'api',
      title: `5. API under load (autocannon, ${settings.loadConnections} connections, ${settings.loadSeconds} s × ${settings.loadRuns})`,
      figures,
      details: { connections: settings.loadConnections, seconds: settings.loadSeconds, runs },
    }
    return [api, memoryResult({ idle, afterLoad })]
  } finally {
    await Promise.all(procs.map((p) => p.stop()))
  }
}

function endpointFigures(name: string, r: { ours: LoadRun[]; baseline: LoadRun[] }): Figure[] {
  const baselineName = 'minimal Fastify + postgres.js'
  const rps = { ours: summarize(r.ours.map((x) => x.rps)), baseline: summarize(r.baseline.map((x) => x.rps)) }
  const p99 = { ours: summarize(r.ours.map((x) => x.p99)), baseline: summarize(r.baseline.map((x) => x.p99)) }
  const failures = [...r.ours, ...r.baseline].reduce((n, x) => n + x.failures, 0)
  const rpsRatio = ratio(rps.ours.median, rps.baseline.median)
  return [
    {
      metric: `${name}: throughput`,
      unit: 'req/s',
      ours: rps.ours,
      baseline: { name: baselineName, summary: rps.baseline },
      ratio: rpsRatio,
      target: '≥ 0.9× baseline',
      met: rpsRatio >= 0.9,
    },
    {
      metric: `${name}: p99 latency`,
      unit: 'ms',
      ours: p99.ours,
      baseline: { name: baselineName, summary: p99.baseline },
      ratio: ratio(p99.ours.median, p99.baseline.median),
    },
    {
      metric: `${name}: errors and non-2xx (both servers)`,
      unit: 'errors',
      ours: summarize([failures]),
      target: '0',
      met: failures === 0,
      invariant: true,
    },
  ]
}

async function load(
  url: string,
  endpoint: Endpoint,
  settings: BenchSettings,
  seconds: number,
): Promise<LoadRun> {
  const result = await autocannon({
    url: `${url}${endpoint.path}`,
    method: endpoint.method,
    ...(endpoint.body ? { body: endpoint.body, headers: { 'content-type': 'application/json' } } : {}),
    connections: settings.loadConnections,
    duration: seconds,
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  }
}

async function seedCustomer(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, fetch_types: false })
  try {
    const [row] = await sql<
      { id: string }[]
    >`INSERT INTO customers (name) VALUES ('Hotel du Parc') RETURNING id`
    if (!row) throw new Error('seeding a customer returned no row')
    return row.id
  } finally {
    await sql.end()
  }
}
