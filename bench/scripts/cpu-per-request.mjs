// CPU time per request of orders and of the hand-written baseline, for GET /api/v1/customers/:id and
// POST /api/v1/customers: process CPU (utime + stime from /proc/<pid>/stat) across a fixed number of
// requests, for the Node process and for its PostgreSQL backends. Unlike req/s, it holds up while
// other work shares the cores. Not part of `pnpm bench`; run after `pnpm exec turbo run build`:
//   node bench/scripts/cpu-per-request.mjs [requests=15000] [rounds=5] [read|write]
// Linux only; everything on 127.0.0.1, in the bench's own embedded PostgreSQL, removed at the end.
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import postgres from 'postgres'
import { BenchContext, baselines } from '../dist/bench-context.js'
import { spawnEntry, waitForStatus200 } from '../dist/processes.js'

const requests = Number(process.argv[2] ?? 15_000)
const rounds = Number(process.argv[3] ?? 5)
const only = process.argv[4]
const TICKS_PER_SECOND = 100

/** Seconds of CPU a process has used (Linux's USER_HZ is 100). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const ctx = await BenchContext.start()
const servers = []
try {
  const db = await ctx.createDatabase('cpu')
  await ctx.migrate(db.url)
  const sql = postgres(db.url, { max: 1, onnotice: () => {}, fetch_types: false })
  const [row] = await sql`INSERT INTO customers (name) VALUES ('Hotel du Parc') RETURNING id`
  const env = { DATABASE_URL: db.url, LOG_LEVEL: 'info', DB_POOL_MAX: '10', ENVIRONMENT: 'production' }
  const orders = ctx.services.orders
  const sides = {
    orders: { proc: await spawnEntry(orders.main, env, orders.dir), app: 'orders' },
    baseline: {
      proc: await spawnEntry(baselines.minimalOrdersApi, env, orders.dir),
      app: 'minimal-orders-api',
    },
  }
  servers.push(...Object.values(sides).map((s) => s.proc))
  for (const s of servers) await waitForStatus200(s, { pollMs: 20 })
  const backendsCpu = async (app) => {
    const pids = await sql`SELECT pid FROM pg_stat_activity WHERE application_name = ${app}`
    return pids.reduce((sum, { pid }) => sum + cpuSeconds(pid), 0)
  }
  const endpoints = [
    { name: 'read', method: 'GET', path: `/api/v1/customers/${row.id}` },
    {
      name: 'write',
      method: 'POST',
      path: '/api/v1/customers',
      body: JSON.stringify({ name: 'Bench Bakery', email: 'bench@bakery.example' }),
      headers: { 'content-type': 'application/json' },
    },
  ].filter((e) => !only || e.name === only)
  const load = (url, e, amount) =>
    autocannon({
      url: `${url}${e.path}`,
      method: e.method,
      body: e.body,
      headers: e.headers,
      connections: 8,
      amount,
    })
  for (const e of endpoints) {
    // Warm up both (and open every pooled connection) before measuring.
    for (const s of Object.values(sides)) await load(s.proc.url, e, 3000)
    const perRequest = { orders: { node: [], pg: [] }, baseline: { node: [], pg: [] } }
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? ['baseline', 'orders'] : ['orders', 'baseline']
      for (const side of order) {
        const { proc, app } = sides[side]
        const node0 = cpuSeconds(proc.child.pid)
        const pg0 = await backendsCpu(app)
        const result = await load(proc.url, e, requests)
        if (result.errors + result.timeouts + result.non2xx > 0) throw new Error(`${side}: failed requests`)
        perRequest[side].node.push(((cpuSeconds(proc.child.pid) - node0) / requests) * 1e6)
        perRequest[side].pg.push((((await backendsCpu(app)) - pg0) / requests) * 1e6)
      }
    }
    for (const [side, { node, pg }] of Object.entries(perRequest)) {
      const list = (xs) => xs.map((x) => x.toFixed(0)).join(', ')
      process.stdout.write(
        `${e.name} ${side.padEnd(8)} node ${median(node).toFixed(0)} µs/req [${list(node)}]  PostgreSQL ${median(pg).toFixed(0)} µs/req [${list(pg)}]\n`,
      )
    }
  }
  await sql.end()
} finally {
  await Promise.all(servers.map((s) => s.stop()))
  await ctx.close()
}
