#!/usr/bin/env node
// A diagnostic beside `pnpm bench`, not one of its measurements: each service's dist/main.js
// (ENVIRONMENT=production, as the prod Deployment runs it) and the bench's baselines (bare Fastify,
// the minimal Fastify + postgres.js API) started in turns on one embedded PostgreSQL, each read at
// ready for the CPU it used (/proc/<pid>/stat: utime + stime, which load stretches far less than
// wall time) and 1 s later for its VmRSS. Run after `pnpm exec turbo run build`:
//   IDLE_RUNS=10 node bench/scripts/idle-start.mjs
import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { BenchContext, baselines } from '../dist/bench-context.js'
import { readRssMiB, spawnEntry, waitForStatus200 } from '../dist/processes.js'

const runs = Number(process.env.IDLE_RUNS ?? 5)
const TICKS_PER_SECOND = 100 // USER_HZ on Linux

async function cpuMs(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
}

async function candidates(ctx) {
  const list = []
  for (const [name, svc] of Object.entries(ctx.services)) {
    const db = await ctx.createDatabase(`idle_${name}`)
    const job = await ctx.runJob(svc.migrate, { DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, svc.dir)
    if (job.code !== 0) throw new Error(`${name}: migration failed\n${job.output.join('\n')}`)
    const env = { DATABASE_URL: db.url, LOG_LEVEL: 'info', ENVIRONMENT: 'production' }
    list.push({ name, entry: svc.main, cwd: svc.dir, env })
    if (name === 'orders') {
      const apiEnv = { DATABASE_URL: db.url, LOG_LEVEL: 'info', DB_POOL_MAX: '10' }
      list.push({ name: 'minimal API', entry: baselines.minimalOrdersApi, cwd: svc.dir, env: apiEnv })
    }
  }
  list.push({
    name: 'bare Fastify',
    entry: baselines.bareFastify,
    cwd: ctx.services.orders.dir,
    env: { LOG_LEVEL: 'info' },
  })
  return list
}

async function sample(c) {
  const proc = await spawnEntry(c.entry, c.env, c.cwd)
  try {
    await waitForStatus200(proc, { pollMs: 5 })
    const cpu = await cpuMs(proc.child.pid)
    await sleep(1000)
    return { cpu, rss: await readRssMiB(proc.child.pid) }
  } finally {
    await proc.stop()
  }
}

const ctx = await BenchContext.start()
try {
  const list = await candidates(ctx)
  const samples = new Map(list.map((c) => [c.name, []]))
  // One unmeasured round first: it writes each candidate's compile cache.
  for (let round = -1; round < runs; round++) {
    for (const c of list) {
      const s = await sample(c)
      if (round >= 0) samples.get(c.name).push(s)
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
  const floor = mean(samples.get('bare Fastify').map((s) => s.cpu))
  for (const [name, s] of samples) {
    const cpu = mean(s.map((x) => x.cpu))
    const rss = s.map((x) => x.rss).sort((a, b) => a - b)[Math.floor(s.length / 2)]
    process.stdout.write(
      `${name.padEnd(14)} CPU to ready ${cpu.toFixed(0)} ms (${(cpu / floor).toFixed(2)}× bare Fastify)  idle VmRSS ${rss.toFixed(1)} MiB  n=${s.length}\n`,
    )
  }
} finally {
  await ctx.close()
}
