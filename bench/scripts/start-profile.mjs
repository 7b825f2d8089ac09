#!/usr/bin/env node
// A diagnostic beside `pnpm bench`, not one of its measurements: where orders' start spends its CPU
// against bare Fastify's, package by package. Each is started in turns (ENVIRONMENT=production, warm
// compile cache, as in measurement 1) under V8's sampling profiler; only the samples taken before the
// process answered /health/ready count, each mapped through the bundle's source map to its package.
// Run after `pnpm exec turbo run build`:
//   PROFILE_RUNS=5 node bench/scripts/start-profile.mjs
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BenchContext, baselines, serviceEnv } from '../dist/bench-context.js'
import { printComparison, profiledRun } from './profile-components.mjs'

const runs = Number(process.env.PROFILE_RUNS ?? 5)
const INTERVAL_US = 100

const ctx = await BenchContext.start()
const scratch = await mkdtemp(join(tmpdir(), 'bakery-start-profile-'))
try {
  const orders = ctx.services.orders
  const db = await ctx.createDatabase('start_profile')
  const job = await ctx.runJob(orders.migrate, { DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, orders.dir)
  if (job.code !== 0) throw new Error(`orders: migration failed\n${job.output.join('\n')}`)
  const candidates = [
    { name: 'orders', entry: orders.main, env: serviceEnv(db.url), values: new Map() },
    { name: 'bare', entry: baselines.bareFastify, env: { LOG_LEVEL: 'info' }, values: new Map() },
  ]
  // Round -1 writes each candidate's compile cache and is not counted; the order alternates by round.
  for (let round = -1; round < runs; round++) {
    for (const c of round % 2 === 0 ? candidates : [...candidates].reverse()) {
      const times = await profiledRun({ ...c, cwd: orders.dir, scratch, intervalUs: INTERVAL_US })
      if (round >= 0) for (const [k, ms] of times) c.values.set(k, (c.values.get(k) ?? 0) + ms / runs)
    }
  }
  printComparison({
    title: `Sampled CPU from spawn to /health/ready: orders against bare Fastify, mean of ${runs} starts each (${INTERVAL_US} µs sampling)`,
    a: candidates[0],
    b: candidates[1],
    rows: Number(process.env.PROFILE_ROWS ?? 25),
    unit: 'ms',
  })
} finally {
  await rm(scratch, { recursive: true, force: true })
  await ctx.close()
}
