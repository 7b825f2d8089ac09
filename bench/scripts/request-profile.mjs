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
import { nowUs, printComparison, profiledRun } from './profile-components.mjs'

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
    const load = async (proc, amount) => {
      const { method, body, headers } = target
      const result = await autocannon({
        url: `${proc.url}${target.path}`,
        method,
        body,
        headers,
        connections: 8,
        amount,
      })
      if (result.errors + result.timeouts + result.non2xx > 0)
        throw new Error(`${side.name}: failed requests`)
    }
    const times = await profiledRun({
      entry: side.entry,
      env,
      cwd: ctx.services.orders.dir,
      scratch,
      intervalUs: INTERVAL_US,
      during: async (proc) => {
        await load(proc, 10_000)
        const fromUs = nowUs()
        await load(proc, requests)
        return { fromUs, toUs: nowUs() }
      },
    })
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
