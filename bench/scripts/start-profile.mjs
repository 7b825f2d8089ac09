#!/usr/bin/env node
// A diagnostic beside `pnpm bench`, not one of its measurements: where orders' start spends its CPU
// against bare Fastify's, package by package. Each is started in turns (ENVIRONMENT=production, warm
// compile cache, as in measurement 1) under V8's sampling profiler; only the samples taken before the
// process answered /health/ready count (the profiler's clock and process.hrtime are both
// CLOCK_MONOTONIC), and each sample is mapped through the bundle's source map to the package it ran.
// "(idle)" is time spent waiting (the database, the disk), not CPU, and is left out of the totals.
// Run after `pnpm exec turbo run build`:
//   PROFILE_RUNS=5 node bench/scripts/start-profile.mjs
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BenchContext, baselines, serviceEnv } from '../dist/bench-context.js'
import { spawnEntry, waitForStatus200 } from '../dist/processes.js'

const runs = Number(process.env.PROFILE_RUNS ?? 5)
const SAMPLE_INTERVAL_US = 100
const ROWS = Number(process.env.PROFILE_ROWS ?? 25)

/** One start of `entry` under the profiler; resolves to its profile and the moment it was ready (µs). */
async function profiledStart(entry, env, cwd, dir) {
  const proc = await spawnEntry(
    entry,
    { ...env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=${SAMPLE_INTERVAL_US}` },
    cwd,
  )
  let readyUs
  try {
    await waitForStatus200(proc, { pollMs: 2 })
    readyUs = Number(process.hrtime.bigint() / 1000n)
  } finally {
    await proc.stop()
  }
  const [file] = await readdir(dir)
  if (!file) throw new Error(`${entry}: no profile written (did it exit cleanly?)`)
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8'))
  await rm(join(dir, file))
  return { profile, readyUs }
}

const maps = new Map()
function sourceMapOf(url) {
  if (!url.startsWith('file://')) return undefined
  if (!maps.has(url)) {
    const path = fileURLToPath(url)
    maps.set(
      url,
      readFile(`${path}.map`, 'utf8').then(
        (text) => new SourceMap(JSON.parse(text)),
        () => undefined,
      ),
    )
  }
  return maps.get(url)
}

/** The package (or our own folder, or Node's internal module group) a profile node's code belongs to. */
async function componentOf({ url, functionName, lineNumber, columnNumber }) {
  if (!url) return functionName.startsWith('(') ? functionName : `(V8/native) ${functionName}`
  if (url.startsWith('node:')) return `node:${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`
  const map = await sourceMapOf(url)
  const source = map?.findEntry(lineNumber, columnNumber)?.originalSource
  if (!source)
    return `(bundle, unmapped) ${url
      .split('/')
      .pop()
      .replace(/-[A-Z0-9]{8}\.js$/, '-*.js')}`
  // pnpm's store folder names the package (drizzle-orm's own source maps point outside its folder).
  const stored = /node_modules\/\.pnpm\/((?:@[^+/]+\+)?[^@/]+)@/.exec(source)
  if (stored) return stored[1].replace('+', '/')
  const hoisted = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)
  if (hoisted) return hoisted[1]
  const ours = /(packages|services|tooling|bench)\/([^/]+)\//.exec(source)
  if (ours) return `${ours[1]}/${ours[2]}`
  return /^(\.\.\/)+src\//.test(source) ? "the service's own src/" : source
}

/** Milliseconds of samples per component, up to `untilUs`. */
async function selfTimes({ profile, readyUs }) {
  const componentOfNode = new Map()
  for (const node of profile.nodes) componentOfNode.set(node.id, await componentOf(node.callFrame))
  const totals = new Map()
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0
    if (t > readyUs) break
    const key = componentOfNode.get(profile.samples[i])
    const dt = (profile.timeDeltas[i + 1] ?? SAMPLE_INTERVAL_US) / 1000
    totals.set(key, (totals.get(key) ?? 0) + dt)
  }
  return totals
}

const ctx = await BenchContext.start()
const scratch = await mkdtemp(join(tmpdir(), 'bakery-start-profile-'))
try {
  const orders = ctx.services.orders
  const db = await ctx.createDatabase('start_profile')
  const job = await ctx.runJob(orders.migrate, { DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, orders.dir)
  if (job.code !== 0) throw new Error(`orders: migration failed\n${job.output.join('\n')}`)
  const candidates = [
    { name: 'orders', entry: orders.main, env: serviceEnv(db.url) },
    { name: 'bare Fastify', entry: baselines.bareFastify, env: { LOG_LEVEL: 'info' } },
  ]
  const sums = new Map(candidates.map((c) => [c.name, new Map()]))
  // Round -1 writes each candidate's compile cache and is not counted; the order alternates by round.
  for (let round = -1; round < runs; round++) {
    const order = round % 2 === 0 ? candidates : [...candidates].reverse()
    for (const c of order) {
      const dir = await mkdtemp(join(scratch, 'run-'))
      const times = await selfTimes(await profiledStart(c.entry, c.env, orders.dir, dir))
      if (round < 0) continue
      const sum = sums.get(c.name)
      for (const [k, ms] of times) sum.set(k, (sum.get(k) ?? 0) + ms)
    }
  }
  const mean = (name, key) => (sums.get(name).get(key) ?? 0) / runs
  const cpu = (name) =>
    [...sums.get(name).entries()].filter(([k]) => k !== '(idle)').reduce((a, [, v]) => a + v, 0) / runs
  const keys = [...new Set([...sums.get('orders').keys(), ...sums.get('bare Fastify').keys()])].filter(
    (k) => k !== '(idle)',
  )
  keys.sort((a, b) => mean('orders', b) - mean('orders', a))
  const fmt = (ms) => ms.toFixed(1).padStart(7)
  process.stdout.write(
    `Sampled CPU from spawn to /health/ready, mean of ${runs} starts each (ms; ${SAMPLE_INTERVAL_US} µs sampling)\n` +
      `${'component'.padEnd(44)}  orders    bare  orders−bare\n`,
  )
  for (const k of keys.slice(0, ROWS))
    process.stdout.write(
      `${k.slice(0, 44).padEnd(44)} ${fmt(mean('orders', k))} ${fmt(mean('bare Fastify', k))} ${fmt(mean('orders', k) - mean('bare Fastify', k))}\n`,
    )
  const rest = (name) => keys.slice(ROWS).reduce((a, k) => a + mean(name, k), 0)
  process.stdout.write(
    `${'(the rest)'.padEnd(44)} ${fmt(rest('orders'))} ${fmt(rest('bare Fastify'))} ${fmt(rest('orders') - rest('bare Fastify'))}\n`,
  )
  process.stdout.write(
    `${'total sampled CPU'.padEnd(44)} ${fmt(cpu('orders'))} ${fmt(cpu('bare Fastify'))} ${fmt(cpu('orders') - cpu('bare Fastify'))}  (${(cpu('orders') / cpu('bare Fastify')).toFixed(2)}×)\n`,
  )
  process.stdout.write(
    `${'waiting ((idle))'.padEnd(44)} ${fmt(mean('orders', '(idle)'))} ${fmt(mean('bare Fastify', '(idle)'))}\n`,
  )
} finally {
  await rm(scratch, { recursive: true, force: true })
  await ctx.close()
}
