import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { type BenchContext, baselines, serviceEnv } from '../bench-context.js'
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

type Side = 'ours' | 'baseline' | 'unprepared'
const SIDES: Side[] = ['ours', 'baseline', 'unprepared']

interface LoadRun {
  rps: number
  p50: number
  p99: number
  failures: number
}

/**
 * Throughput and latency of orders' read and write endpoints under autocannon, beside a minimal
 * hand-written Fastify + postgres.js server sending the same SQL, prepared (postgres.js' default) and
 * unprepared (what drizzle sends for a query not given a name with .prepare()). All run at once and
 * are loaded in turn, with the same pool size, on 127.0.0.1 only. Also returns memory, from the same
 * processes.
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
  // The baselines read the same variables and ignore ENVIRONMENT.
  const env = serviceEnv(db.url, { DB_POOL_MAX: '10' })
  const orders = ctx.services.orders
  const procs: BenchProcess[] = []
  try {
    const servers: Record<Side, BenchProcess> = {
      ours: await spawnEntry(orders.main, env, orders.dir),
      baseline: await spawnEntry(baselines.minimalOrdersApi, env, orders.dir),
      unprepared: await spawnEntry(
        baselines.minimalOrdersApi,
        { ...env, BASELINE_PREPARE: 'false' },
        orders.dir,
      ),
    }
    procs.push(...Object.values(servers))
    for (const p of procs) await waitForStatus200(p, { pollMs: 20 })
    await sleep(1000)
    const rss = async () => ({
      ours: await readRssMiB(servers.ours.child.pid),
      baseline: await readRssMiB(servers.baseline.child.pid),
    })
    const idle = await rss()
    const figures: Figure[] = []
    const runs: Record<string, Record<Side, LoadRun[]>> = {}
    for (const endpoint of endpoints) {
      const r: Record<Side, LoadRun[]> = { ours: [], baseline: [], unprepared: [] }
      if (settings.warmupSeconds > 0) {
        for (const side of SIDES) await load(servers[side].url, endpoint, settings, settings.warmupSeconds)
      }
      for (let run = 0; run < settings.loadRuns; run++) {
        // Rotate who goes first, so a burst of noise does not always hit the same side.
        for (let i = 0; i < SIDES.length; i++) {
          const side = SIDES[(i + run) % SIDES.length] as Side
          r[side].push(await load(servers[side].url, endpoint, settings, settings.loadSeconds))
        }
      }
      runs[endpoint.name] = r
      figures.push(...endpointFigures(endpoint.name, r))
    }
    const afterLoad = await rss()
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

/** Throughput targets, ours ÷ the hand-written baseline: a write does more (idempotency, totals). */
const RPS_TARGET: Record<string, number> = { read: 0.95, write: 0.9 }

function endpointFigures(name: string, r: Record<Side, LoadRun[]>): Figure[] {
  const baselineName = 'minimal Fastify + postgres.js'
  const rps = (side: Side) => summarize(r[side].map((x) => x.rps))
  const p99 = (side: Side) => summarize(r[side].map((x) => x.p99))
  const failures = SIDES.flatMap((side) => r[side]).reduce((n, x) => n + x.failures, 0)
  const rpsRatio = ratio(rps('ours').median, rps('baseline').median)
  const target = RPS_TARGET[name.split(':')[0] ?? ''] ?? 0.9
  return [
    {
      metric: `${name}: throughput`,
      unit: 'req/s',
      ours: rps('ours'),
      baseline: { name: baselineName, summary: rps('baseline') },
      ratio: rpsRatio,
      target: `≥ ${target}× baseline`,
      met: rpsRatio >= target,
    },
    {
      metric: `${name}: throughput vs unprepared SQL (drizzle's default)`,
      unit: 'req/s',
      ours: rps('ours'),
      baseline: { name: `${baselineName}, prepare: false`, summary: rps('unprepared') },
      ratio: ratio(rps('ours').median, rps('unprepared').median),
    },
    {
      metric: `${name}: p99 latency`,
      unit: 'ms',
      ours: p99('ours'),
      baseline: { name: baselineName, summary: p99('baseline') },
      ratio: ratio(p99('ours').median, p99('baseline').median),
    },
    {
      metric: `${name}: errors and non-2xx (all servers)`,
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
