#!/usr/bin/env node
// A diagnostic beside `pnpm bench`, not one of its measurements: where a request's CPU goes in orders
// against the hand-written Fastify + postgres.js baseline (prepared), package by package, for
// measurement 5's read (GET /api/v1/customers/:id) or write (POST /api/v1/customers). Each server
// runs under V8's sampling profiler; after a warm-up, only the samples taken while autocannon sent
// the measured requests count, each mapped through the bundle's source map to its package.
// Run after `pnpm exec turbo run build`:
//   node bench/scripts/request-profile.mjs [read|write] [requests=30000]
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { BenchContext, baselines, serviceEnv } from '../dist/bench-context.js'
import { spawnEntry, waitForStatus200 } from '../dist/processes.js'
import { nowUs, printComparison, profilerOptions, selfTimes, takeProfile } from './profile-components.mjs'

const kind = process.argv[2] ?? 'read'
const requests = Number(process.argv[3] ?? 30_000)
const INTERVAL_US = 200
if (kind !== 'read' && kind !== 'write') throw new Error(`usage: request-profile.mjs [read|write] [requests]`)

const ctx = await BenchContext.start()
const scratch = await mkdtemp(join(tmpdir(), 'bakery-request-profile-'))
try {
  const db = await ctx.createDatabase('request_profile')
  await ctx.migrate(db.url)
  const sql = postgres(db.url, { max: 1, onnotice: () => {}, fetch_types: false })
  const [row] = await sql`INSERT INTO customers (name) VALUES ('Hotel du Parc') RETURNING id`
  await sql.end()
  const target =
    kind === 'read'
      ? { path: `/api/v1/customers/${row.id}`, method: 'GET' }
      : {
          path: '/api/v1/customers',
          method: 'POST',
          body: JSON.stringify({ name: 'Bench Bakery', email: 'bench@bakery.example' }),
          headers: { 'content-type': 'application/json' },
        }
  const env = serviceEnv(db.url, { DB_POOL_MAX: '10' })
  const sides = [
    { name: 'orders', entry: ctx.services.orders.main, values: new Map() },
    { name: 'baseline', entry: baselines.minimalOrdersApi, values: new Map() },
  ]
  for (const side of sides) {
    const dir = await mkdtemp(join(scratch, 'run-'))
    const proc = await spawnEntry(
      side.entry,
      { ...env, NODE_OPTIONS: profilerOptions(dir, INTERVAL_US) },
      ctx.services.orders.dir,
    )
    let window
    try {
      await waitForStatus200(proc, { pollMs: 20 })
      const load = async (amount) => {
        const result = await autocannon({
          url: `${proc.url}${target.path}`,
          ...target,
          connections: 8,
          amount,
        })
        if (result.errors + result.timeouts + result.non2xx > 0)
          throw new Error(`${side.name}: failed requests`)
      }
      await load(10_000)
      const fromUs = nowUs()
      await load(requests)
      window = { fromUs, toUs: nowUs() }
    } finally {
      await proc.stop()
    }
    const times = await selfTimes(await takeProfile(dir), { ...window, intervalUs: INTERVAL_US })
    for (const [k, ms] of times) side.values.set(k, (ms * 1000) / requests)
  }
  printComparison({
    title: `Sampled CPU per ${kind} request (µs), ${requests} requests after 10,000 of warm-up, 8 connections (${INTERVAL_US} µs sampling)`,
    a: sides[0],
    b: sides[1],
    rows: Number(process.env.PROFILE_ROWS ?? 25),
    unit: 'µs',
  })
} finally {
  await rm(scratch, { recursive: true, force: true })
  await ctx.close()
}
