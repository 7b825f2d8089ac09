import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadServiceNames, repoRoot } from '@bakery/platform'
import { writeMigrationManifest } from '@bakery/service-base/build'
import {
  createTestDatabase,
  type RunningPostgres,
  runNode,
  startEmbeddedPostgres,
  syntheticMigrations,
  type TestDatabase,
  writeMigrationFolder,
} from '@bakery/service-base/testing'
import postgres, { type Sql } from 'postgres'

/** A service of the platform (services.json); the bench measures each one's migration Job. */
export type ServiceName = string

/** Where a built service lives: run its entries with the service folder as cwd. */
export interface ServicePaths {
  dir: string
  main: string
  migrate: string
  migrations: string
}

/** The bench's PostgreSQL settings, reported with the results. */
export const POSTGRES_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  'pg_stat_statements.max': '10000',
}

const baselineDir = fileURLToPath(new URL('../dist/baselines/', import.meta.url))

function servicePaths(name: ServiceName): ServicePaths {
  const dir = join(repoRoot, 'services', name)
  return {
    dir,
    main: join(dir, 'dist/main.js'),
    migrate: join(dir, 'dist/migrate.js'),
    migrations: join(dir, 'drizzle'),
  }
}

/** The bundled baseline entries (`pnpm --filter @bakery/bench build`). */
export const baselines = {
  bareFastify: join(baselineDir, 'bare-fastify.js'),
  ordersMigrateOnStart: join(baselineDir, 'orders-migrate-on-start.js'),
  drizzleMigrate: join(baselineDir, 'drizzle-migrate.js'),
  minimalOrdersApi: join(baselineDir, 'minimal-orders-api.js'),
}

export interface JobRun {
  ms: number
  code: number | null
  output: string[]
}

/** One PostgreSQL server for the whole run, and everything each measurement needs around it. */
/**
 * The environment of a service in every measurement: the prod Deployment's (`ENVIRONMENT=production`:
 * build-time route schemas, no Swagger UI) with the case's own settings on top. One function, so no
 * measurement can run a development start by leaving a variable out (two did).
 */
export function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', ...extra, ENVIRONMENT: 'production' }
}

export class BenchContext {
  /** Every service of services.json; `orders` is the one the single-service measurements run. */
  readonly services = Object.fromEntries(
    loadServiceNames().map((name) => [name, servicePaths(name)]),
  ) as Readonly<Record<ServiceName, ServicePaths>> & { readonly orders: ServicePaths }
  readonly #databases: TestDatabase[] = []
  readonly #folders = new Map<number, string>()

  private constructor(
    readonly pg: RunningPostgres,
    readonly admin: Sql,
    readonly postgresVersion: string,
  ) {}

  /** Starts the embedded server with `fast` (fsync off) and pg_stat_statements. */
  static async start(): Promise<BenchContext> {
    const pg = await startEmbeddedPostgres({ fast: true, settings: POSTGRES_SETTINGS })
    const admin = postgres(pg.adminUrl, { max: 2, onnotice: () => {}, fetch_types: false })
    try {
      await admin`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`
      const [row] = await admin<{ server_version: string }[]>`SHOW server_version`
      return new BenchContext(pg, admin, row?.server_version ?? 'unknown')
    } catch (err) {
      await admin.end()
      await pg.stop()
      throw err
    }
  }

  /** A fresh, empty database, dropped when the bench ends. */
  async createDatabase(prefix: string): Promise<TestDatabase> {
    const db = await createTestDatabase(this.pg.adminUrl, `bench_${prefix}`)
    this.#databases.push(db)
    return db
  }

  /** A folder of `count` synthetic migrations (one table + index each), written once per count. */
  async syntheticFolder(count: number): Promise<string> {
    let folder = this.#folders.get(count)
    if (!folder) {
      folder = await writeMigrationFolder(syntheticMigrations(count))
      this.#folders.set(count, folder)
    }
    return folder
  }

  /**
   * The build manifest of a synthetic folder, written by the function the service build runs for the
   * real drizzle/ folder (dist/migration-manifest.json): a service started on a synthetic folder
   * reads it as an image reads its own (MIGRATIONS_MANIFEST). It lives in the folder's meta/, which
   * drizzle reads only _journal.json from, and goes with the folder.
   */
  async syntheticManifest(count: number): Promise<string> {
    const folder = await this.syntheticFolder(count)
    const file = join(folder, 'meta', 'migration-manifest.json')
    await writeMigrationManifest(folder, file)
    return file
  }

  /** Runs a migration Job entry to completion and times it (spawn → exit). */
  async runJob(entry: string, env: Record<string, string>, cwd = this.services.orders.dir): Promise<JobRun> {
    const started = performance.now()
    const exit = await runNode(cwd, [entry], env, 120_000)
    return { ms: performance.now() - started, code: exit.code, output: exit.output }
  }

  /** Applies `folder` (default: the orders migrations) with our Job; throws if it fails. */
  async migrate(url: string, folder?: string): Promise<void> {
    const env: Record<string, string> = { DATABASE_URL: url, LOG_LEVEL: 'warn' }
    if (folder) env.MIGRATIONS_DIR = folder
    const run = await this.runJob(this.services.orders.migrate, env)
    if (run.code !== 0) throw new Error(`migration Job failed (${run.code}):\n${run.output.join('\n')}`)
  }

  /** Forgets pg_stat_statements counts for one database. */
  async resetStatements(database: string): Promise<void> {
    await this
      .admin`SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = ${database}), 0)`
  }

  /** Statements PostgreSQL executed in `database` since the last reset, as it counted them. */
  async statementsIn(database: string): Promise<Array<{ query: string; calls: number; toplevel: boolean }>> {
    const rows = await this.admin<Array<{ query: string; calls: string; toplevel: boolean }>>`
      SELECT s.query, s.calls, s.toplevel FROM pg_stat_statements s
        JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname = ${database}
       ORDER BY s.toplevel DESC, s.calls DESC`
    return rows.map((r) => ({ query: r.query, calls: Number(r.calls), toplevel: r.toplevel }))
  }

  /** Drops every database it made, removes the synthetic folders and stops the server. */
  async close(): Promise<void> {
    for (const db of this.#databases.splice(0)) await db.drop().catch(() => {})
    for (const folder of this.#folders.values()) await rm(folder, { recursive: true, force: true })
    this.#folders.clear()
    await this.admin.end({ timeout: 2 })
    await this.pg.stop()
  }
}
