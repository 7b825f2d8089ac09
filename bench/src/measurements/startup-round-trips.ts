import type { TestDatabase } from '@bakery/service-base/testing'
import { type BenchContext, serviceEnv } from '../bench-context.js'
import { httpText, spawnEntry, waitForStatus200 } from '../processes.js'
import type { MeasurementResult } from '../result.js'
import type { BenchSettings } from '../settings.js'
import { ratio, summarize } from '../stats.js'

interface CaseResult {
  migrations: number
  /** Top-level statements PostgreSQL executed in the database while each service started. */
  statements: number[]
  /** Statements run inside those (query_to_xml's inner SELECT): not round trips. */
  nested: number[]
  verificationMs: number[]
  queries: Array<{ query: string; calls: number; toplevel: boolean }>
}

/**
 * Database round trips during startup, counted by PostgreSQL (pg_stat_statements), and verification
 * latency, with a small and a large number of bundled migrations. The service is orders' real
 * dist/main.js with MIGRATIONS_DIR pointing at synthetic migrations the Job applied. Readiness is
 * awaited on /health/live (which never touches the database) so only startup's statements count.
 */
export async function measureStartupRoundTrips(
  ctx: BenchContext,
  settings: BenchSettings,
): Promise<MeasurementResult> {
  const cases: PreparedCase[] = []
  for (const count of settings.verifyMigrations) cases.push(await prepareCase(ctx, count))
  // Interleaved, as every figure is against its baseline: run after run, one start per case, so a
  // drift of the machine or the server (autovacuum after 1,000 CREATE TABLEs) falls on both sides.
  for (let run = 0; run < settings.verifyRuns; run++)
    for (const c of cases) await measureStart(ctx, settings, c)
  const [small, large] = cases.map((c) => c.result) as [CaseResult, CaseResult]
  const smallLatency = summarize(small.verificationMs)
  const largeLatency = summarize(large.verificationMs)
  const latencyRatio = ratio(largeLatency.median, smallLatency.median)
  const statementFigure = (c: CaseResult) => {
    const s = summarize(c.statements)
    return {
      metric: `statements during startup, ${c.migrations} migrations`,
      unit: 'statements' as const,
      ours: s,
      target: 'exactly 1',
      met: s.min === 1 && s.max === 1,
      invariant: true,
    }
  }
  return {
    id: 'round-trips',
    title: '2. Database round trips and verification latency at startup',
    figures: [
      statementFigure(small),
      statementFigure(large),
      {
        metric: `verification latency, ${large.migrations} migrations`,
        unit: 'ms',
        ours: largeLatency,
        baseline: { name: `same, ${small.migrations} migrations`, summary: smallLatency },
        ratio: latencyRatio,
        target: '≤ 1.5×',
        met: latencyRatio <= 1.5,
      },
    ],
    details: {
      counter: 'pg_stat_statements (track=all), top-level statements in the service database',
      cases: cases.map(({ result: c }) => ({
        ...c,
        queries: c.queries.map((q) => ({ ...q, query: q.query.slice(0, 160) })),
      })),
    },
  }
}

interface PreparedCase {
  folder: string
  db: TestDatabase
  manifest: string
  result: CaseResult
}

/** A database migrated to `count` synthetic migrations, and the build manifest of their folder. */
async function prepareCase(ctx: BenchContext, count: number): Promise<PreparedCase> {
  const folder = await ctx.syntheticFolder(count)
  const db = await ctx.createDatabase(`verify${count}`)
  await ctx.migrate(db.url, folder)
  // As the image build does for the real folder: the service start reads the build's manifest.
  const manifest = await ctx.syntheticManifest(count)
  const result: CaseResult = {
    migrations: count,
    statements: [],
    nested: [],
    verificationMs: [],
    queries: [],
  }
  return { folder, db, manifest, result }
}

/** One start of orders on the case's database: its statements and its verification latency. */
async function measureStart(ctx: BenchContext, settings: BenchSettings, c: PreparedCase): Promise<void> {
  await ctx.resetStatements(c.db.name)
  const orders = ctx.services.orders
  const proc = await spawnEntry(
    orders.main,
    serviceEnv(c.db.url, {
      MIGRATIONS_DIR: c.folder,
      MIGRATIONS_MANIFEST: c.manifest,
      DB_CONNECT_TIMEOUT: '10',
    }),
    orders.dir,
  )
  try {
    // The chassis listens only after verification, so a live answer means startup is over.
    await waitForStatus200(proc, { path: '/health/live', pollMs: settings.pollMs })
    const queries = await ctx.statementsIn(c.db.name)
    c.result.queries = queries
    c.result.statements.push(queries.filter((q) => q.toplevel).reduce((n, q) => n + q.calls, 0))
    c.result.nested.push(queries.filter((q) => !q.toplevel).reduce((n, q) => n + q.calls, 0))
    c.result.verificationMs.push((await verificationSeconds(proc.url)) * 1000)
  } finally {
    await proc.stop()
  }
}

async function verificationSeconds(url: string): Promise<number> {
  const metrics = await httpText(`${url}/metrics`)
  const match = /^service_db_verification_duration_seconds(?:\{[^}]*\})? ([0-9.eE+-]+)$/m.exec(metrics)
  if (!match?.[1]) throw new Error('no service_db_verification_duration_seconds in /metrics')
  return Number(match[1])
}
