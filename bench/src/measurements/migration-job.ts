import { type BenchContext, baselines, type JobRun, type ServiceName } from '../bench-context.js'
import type { Figure, MeasurementResult } from '../result.js'
import type { BenchSettings } from '../settings.js'
import { ratio, type Summary, summarize } from '../stats.js'

interface Concurrent {
  wallMs: number
  succeeded: number
  failures: string[]
}

/**
 * The migration Job (`node dist/migrate.js`) beside drizzle-orm's migrate() bundled the same way:
 * each service's migrations on an empty database, a no-op run, and N Jobs at once on an empty
 * database with synthetic migrations (the race a Job re-run or a hand-started Job creates).
 */
export async function measureMigrationJob(
  ctx: BenchContext,
  settings: BenchSettings,
): Promise<MeasurementResult> {
  const figures: Figure[] = []
  const details: Record<string, unknown> = {}
  for (const service of Object.keys(ctx.services).sort()) {
    const { apply, noop, failures } = await measureService(ctx, settings, service)
    figures.push(
      compare(`${service}: apply all to an empty DB`, apply.ours, apply.drizzle, 1.05),
      compare(`${service}: no-op run`, noop.ours, noop.drizzle, 1.0),
    )
    if (failures.length > 0) details[`${service}Failures`] = failures
  }
  const folder = await ctx.syntheticFolder(settings.migrateSynthetic)
  const n = settings.migrateConcurrency
  const single = { ours: [] as number[], drizzle: [] as number[] }
  const concurrent = { ours: [] as Concurrent[], drizzle: [] as Concurrent[] }
  const runs = Math.min(settings.migrateRuns, 3)
  for (let run = 0; run < runs; run++) {
    single.ours.push((await timedJob(ctx, 'ours', folder, 'single')).ms)
    single.drizzle.push((await timedJob(ctx, 'drizzle', folder, 'single')).ms)
    concurrent.ours.push(await concurrentJobs(ctx, 'ours', folder, n))
    concurrent.drizzle.push(await concurrentJobs(ctx, 'drizzle', folder, n))
  }
  const oursSingle = summarize(single.ours)
  const oursConcurrent = summarize(concurrent.ours.map((c) => c.wallMs))
  const drizzleConcurrent = summarize(concurrent.drizzle.map((c) => c.wallMs))
  const concurrentRatio = ratio(oursConcurrent.median, oursSingle.median)
  const oursOk = Math.min(...concurrent.ours.map((c) => c.succeeded))
  const drizzleOk = Math.min(...concurrent.drizzle.map((c) => c.succeeded))
  const label = `${n} concurrent Jobs, ${settings.migrateSynthetic} migrations`
  figures.push(
    compare(
      `one Job, ${settings.migrateSynthetic} synthetic migrations`,
      oursSingle,
      summarize(single.drizzle),
    ),
    {
      metric: `${label}: wall time vs one run`,
      unit: 'ms',
      ours: oursConcurrent,
      baseline: { name: 'our single run', summary: oursSingle },
      ratio: concurrentRatio,
      target: '≤ 1.3× one run',
      met: concurrentRatio <= 1.3,
    },
    {
      metric: `${label}: Jobs that succeeded (worst run)`,
      unit: 'runs',
      ours: summarize([oursOk]),
      baseline: { name: `drizzle migrate() × ${n}`, summary: summarize([drizzleOk]) },
      target: `${n}/${n}`,
      met: oursOk === n,
      invariant: true,
    },
    {
      metric: `${label}: drizzle migrate() wall time`,
      unit: 'ms',
      ours: oursConcurrent,
      baseline: { name: `drizzle migrate() × ${n}`, summary: drizzleConcurrent },
      ratio: ratio(oursConcurrent.median, drizzleConcurrent.median),
    },
  )
  details.concurrent = {
    ours: concurrent.ours.map(({ wallMs, succeeded }) => ({ wallMs, succeeded })),
    drizzle: concurrent.drizzle.map(({ wallMs, succeeded }) => ({ wallMs, succeeded })),
    drizzleFailureSample: concurrent.drizzle.flatMap((c) => c.failures).slice(0, 3),
  }
  return { id: 'migration-job', title: '4. Migration Job (node dist/migrate.js)', figures, details }
}

function compare(metric: string, ours: Summary, drizzle: Summary, target?: number): Figure {
  const r = ratio(ours.median, drizzle.median)
  return {
    metric,
    unit: 'ms',
    ours,
    baseline: { name: 'drizzle migrate()', summary: drizzle },
    ratio: r,
    ...(target === undefined ? {} : { target: `≤ ${target.toFixed(2)}× drizzle`, met: r <= target }),
  }
}

async function measureService(ctx: BenchContext, settings: BenchSettings, service: ServiceName) {
  const samples = {
    apply: { ours: [] as number[], drizzle: [] as number[] },
    noop: { ours: [] as number[], drizzle: [] as number[] },
  }
  const failures: string[] = []
  const paths = ctx.services[service]
  if (!paths) throw new Error(`no service ${service} in services.json`)
  for (let run = 0; run < settings.migrateRuns; run++) {
    for (const kind of ['ours', 'drizzle'] as const) {
      const db = await ctx.createDatabase(`job_${service}`)
      const env = jobEnv(db.url, paths.migrations)
      const entry = kind === 'ours' ? paths.migrate : baselines.drizzleMigrate
      const apply = await ctx.runJob(entry, env, paths.dir)
      const noop = await ctx.runJob(entry, env, paths.dir)
      for (const r of [apply, noop]) if (r.code !== 0) failures.push(`${kind}: ${lastLines(r)}`)
      samples.apply[kind].push(apply.ms)
      samples.noop[kind].push(noop.ms)
      await db.drop()
    }
  }
  return {
    apply: { ours: summarize(samples.apply.ours), drizzle: summarize(samples.apply.drizzle) },
    noop: { ours: summarize(samples.noop.ours), drizzle: summarize(samples.noop.drizzle) },
    failures,
  }
}

function jobEnv(url: string, folder: string): Record<string, string> {
  return { DATABASE_URL: url, MIGRATIONS_DIR: folder, LOG_LEVEL: 'info', DB_CONNECT_TIMEOUT: '10' }
}

async function timedJob(
  ctx: BenchContext,
  kind: 'ours' | 'drizzle',
  folder: string,
  prefix: string,
): Promise<JobRun> {
  const db = await ctx.createDatabase(`${prefix}_${kind}`)
  try {
    const run = await ctx.runJob(
      kind === 'ours' ? ctx.services.orders.migrate : baselines.drizzleMigrate,
      jobEnv(db.url, folder),
    )
    if (run.code !== 0) throw new Error(`${kind} Job failed on an empty database:\n${lastLines(run)}`)
    return run
  } finally {
    await db.drop()
  }
}

async function concurrentJobs(
  ctx: BenchContext,
  kind: 'ours' | 'drizzle',
  folder: string,
  n: number,
): Promise<Concurrent> {
  const db = await ctx.createDatabase(`concurrent_${kind}`)
  try {
    const entry = kind === 'ours' ? ctx.services.orders.migrate : baselines.drizzleMigrate
    const started = performance.now()
    const runs = await Promise.all(Array.from({ length: n }, () => ctx.runJob(entry, jobEnv(db.url, folder))))
    const wallMs = performance.now() - started
    const failed = runs.filter((r) => r.code !== 0)
    return { wallMs, succeeded: n - failed.length, failures: failed.map(lastLines) }
  } finally {
    await db.drop()
  }
}

const lastLines = (run: JobRun) => run.output.slice(-3).join(' | ').slice(0, 400)
