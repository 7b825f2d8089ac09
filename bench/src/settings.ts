import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** How hard the bench pushes: every knob is a `BENCH_*` variable (turbo passes `BENCH_*` through). */
export interface BenchSettings {
  /** BENCH_QUICK=1: tiny settings, for the smoke test and a first look. */
  quick: boolean
  /** Spawns per entry for start-to-ready (BENCH_STARTUP_RUNS). */
  startupRuns: number
  /** Service starts per migration count for round trips and verification latency (BENCH_VERIFY_RUNS). */
  verifyRuns: number
  /** Bundled synthetic migrations for the small and the large verification case (BENCH_VERIFY_MIGRATIONS=10,1000). */
  verifyMigrations: [number, number]
  /** Processes started at once (BENCH_REPLICAS) and how often (BENCH_REPLICA_RUNS). */
  replicas: number
  replicaRuns: number
  /** Migration Job runs per case (BENCH_MIGRATE_RUNS). */
  migrateRuns: number
  /** Concurrent migration Jobs (BENCH_MIGRATE_CONCURRENCY) applying BENCH_MIGRATE_SYNTHETIC migrations. */
  migrateConcurrency: number
  migrateSynthetic: number
  /** Load test: seconds per run, connections, runs per endpoint and target, warm-up seconds. */
  loadSeconds: number
  loadConnections: number
  loadRuns: number
  warmupSeconds: number
  /** How often a starting process is polled for readiness, in ms (BENCH_POLL_MS). */
  pollMs: number
  /** Run only these measurements (BENCH_ONLY=startup,round-trips,replicas,migration-job,api). */
  only: string[] | undefined
  /** Where results go (BENCH_OUT_DIR); BENCH_WRITE=0 prints only. */
  outDir: string
  write: boolean
}

const defaultOutDir = fileURLToPath(new URL('../results', import.meta.url))

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name}=${raw} is not an integer >= ${min}: fix or unset it.`)
  }
  return value
}

function pair(env: NodeJS.ProcessEnv, name: string, fallback: [number, number]): [number, number] {
  const raw = env[name]
  if (!raw) return fallback
  const [a, b] = raw.split(',').map(Number)
  if (!Number.isInteger(a) || !Number.isInteger(b) || (a ?? 0) < 1 || (b ?? 0) <= (a ?? 0)) {
    throw new Error(`${name}=${raw} must be two increasing counts, e.g. 10,1000.`)
  }
  return [a as number, b as number]
}

/** Reads the settings from `env`; BENCH_QUICK=1 lowers every default. */
export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true'
  return {
    quick,
    startupRuns: int(env, 'BENCH_STARTUP_RUNS', quick ? 2 : 15),
    verifyRuns: int(env, 'BENCH_VERIFY_RUNS', quick ? 1 : 7),
    verifyMigrations: pair(env, 'BENCH_VERIFY_MIGRATIONS', [10, 1000]),
    replicas: int(env, 'BENCH_REPLICAS', quick ? 4 : 20),
    replicaRuns: int(env, 'BENCH_REPLICA_RUNS', quick ? 1 : 3),
    migrateRuns: int(env, 'BENCH_MIGRATE_RUNS', quick ? 1 : 5),
    migrateConcurrency: int(env, 'BENCH_MIGRATE_CONCURRENCY', 8),
    migrateSynthetic: int(env, 'BENCH_MIGRATE_SYNTHETIC', quick ? 20 : 200),
    loadSeconds: int(env, 'BENCH_LOAD_SECONDS', quick ? 1 : 8),
    loadConnections: int(env, 'BENCH_LOAD_CONNECTIONS', quick ? 2 : 8),
    loadRuns: int(env, 'BENCH_LOAD_RUNS', quick ? 1 : 3),
    warmupSeconds: int(env, 'BENCH_WARMUP_SECONDS', quick ? 0 : 2, 0),
    pollMs: int(env, 'BENCH_POLL_MS', 5),
    only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined,
    outDir: resolve(env.BENCH_OUT_DIR ?? defaultOutDir),
    write: env.BENCH_WRITE !== '0',
  }
}
