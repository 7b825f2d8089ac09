import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Child } from './child-process.js'
import type { LauncherOptions } from './cli-args.js'
import { type ServiceDatabase, serviceDatabase, setupDatabases } from './database-setup.js'
import { recreateServiceDatabase, uncommittedMigrations } from './dev-migrations.js'
import { LauncherError } from './errors.js'
import type { LineWriter } from './log-lines.js'
import { MigrationEntryError, runMigrationEntry } from './migration-entry.js'
import { type OverlaySql, readOverlaySql } from './overlay-sql.js'
import { type DevPostgres, startDevPostgres } from './postgres-server.js'
import { SERVICES, type ServiceSpec } from './repo-layout.js'

export interface DevDatabase {
  server: DevPostgres
  /** Each service's owner and runtime URLs, by service name. */
  databases: Record<string, ServiceDatabase>
  /** The dev overlay's SQL, to create a service's database again. */
  overlay: OverlaySql
}

const NOISY_POSTGRES = /^(?!.*(ERROR|FATAL|PANIC|WARNING)).*/

/** Fails fast, before anything starts, when a service was never built. */
export function checkBuilt(services: readonly ServiceSpec[] = SERVICES): void {
  const missing = services.flatMap((s) =>
    ['dist/main.js', 'dist/migrate.js']
      .filter((f) => !existsSync(join(s.dir, f)))
      .map((f) => `services/${s.name}/${f}`),
  )
  if (missing.length > 0)
    throw new LauncherError(
      'DEV_NOT_BUILT',
      `${missing.join(', ')} missing: run \`pnpm build\` (or \`pnpm dev\`, which builds first).`,
    )
}

/**
 * Step 1 of the cluster's order: the server, then each service's database and roles as the dev
 * overlay's SQL creates them.
 */
export async function startDevDatabase(options: LauncherOptions, log: LineWriter): Promise<DevDatabase> {
  if (options.reset)
    log(
      'dev',
      `--reset: deleting the embedded server's data in ${join(options.dataDir, 'postgres')}: every service's database (${SERVICES.map((s) => s.name).join(', ')}) and role`,
    )
  const server = await startDevPostgres({
    adminUrl: options.adminUrl,
    dataDir: options.dataDir,
    port: options.postgresPort,
    reset: options.reset,
    onLine: (line) => {
      if (options.logLevel === 'debug' || !NOISY_POSTGRES.test(line)) log('postgres', line)
    },
  })
  try {
    const sql = await readOverlaySql()
    const names = SERVICES.map((s) => s.name)
    const created = await setupDatabases(server.adminUrl, sql, names)
    const where = new URL(server.adminUrl)
    log(
      'dev',
      `PostgreSQL (${server.kind}) on ${where.host}${server.dataDir ? `, data in ${server.dataDir}` : ''}; ${created.length > 0 ? `created ${created.join(', ')}` : 'databases and roles already there'}`,
    )
    const databases = Object.fromEntries(
      names.map((n) => [n, serviceDatabase(server.adminUrl, n, sql.credentials)]),
    )
    return { server, databases, overlay: sql }
  } catch (err) {
    await server.stop()
    throw err
  }
}

/** Step 2: every migration entry, in parallel as the Jobs run; rejects naming every service that failed. */
export async function migrateAll(db: DevDatabase, services: readonly ServiceSpec[], options: MigrateOptions) {
  const results = await Promise.allSettled(services.map((service) => migrateService(db, service, options)))
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []))
  if (failures.length === 1 && failures[0]) throw failures[0]
  if (failures.length > 1)
    throw new LauncherError('DEV_MIGRATION_FAILED', failures.map((f) => f.message).join('\n'))
}

export interface MigrateOptions {
  logLevel: string
  log: LineWriter
  onStart?: (child: Child) => void
  /** Forwarded to `migrate.js` (`--allow-out-of-order`, `--allow-drift`). */
  applyFlags?: string[]
}

/**
 * One service's migration entry. A migration the dev loop applied and then saw edited, while git
 * does not hold it yet, is work in progress: that one service's database is created again and
 * every migration applied from scratch, said in one line. An edited committed migration still fails.
 */
async function migrateService(db: DevDatabase, service: ServiceSpec, options: MigrateOptions) {
  const database = db.databases[service.name]
  if (!database) throw new Error(`no database for ${service.name}`)
  const run = () =>
    runMigrationEntry({
      service,
      database,
      logLevel: options.logLevel,
      onLine: (line) => options.log(service.name, line),
      ...(options.onStart ? { onStart: options.onStart } : {}),
      ...(options.applyFlags ? { applyFlags: options.applyFlags } : {}),
    })
  try {
    return await run()
  } catch (err) {
    if (!(err instanceof MigrationEntryError) || err.drifted.length === 0) throw err
    const uncommitted = await uncommittedMigrations(service.name, err.drifted)
    if (uncommitted.length < err.drifted.length) throw err
    options.log(
      'dev',
      `${service.name}: ${uncommitted.join(', ')} changed after it was applied and is not committed yet: re-creating the ${service.name} database (its data is lost) and applying every migration again`,
    )
    await recreateServiceDatabase(db.server.adminUrl, db.overlay, service.name)
    return run()
  }
}
