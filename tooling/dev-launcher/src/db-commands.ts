import type { LauncherOptions } from './cli-args.js'
import { serviceDatabase } from './database-setup.js'
import { recreateServiceDatabase } from './dev-migrations.js'
import { LauncherError } from './errors.js'
import { readRunningLauncher } from './launcher-state.js'
import type { LineWriter } from './log-lines.js'
import { runMigrationEntry } from './migration-entry.js'
import { readOverlaySql } from './overlay-sql.js'
import { checkBuilt, type DevDatabase, migrateAll, startDevDatabase } from './platform.js'
import { SERVICES } from './repo-layout.js'
import { formatMigrationTable, type MigrationStatusReport, migrationProblems } from './status-table.js'

/**
 * Runs `work` against the dev database: the running launcher's server when there is one (found
 * through `<data dir>/dev-launcher.json`), otherwise the embedded server (or DEV_DATABASE_ADMIN_URL)
 * started for the command and stopped afterwards.
 */
async function withDevDatabase<T>(
  options: LauncherOptions,
  log: LineWriter,
  work: (db: DevDatabase) => Promise<T>,
) {
  checkBuilt()
  const running = await readRunningLauncher(options.dataDir)
  if (running) {
    const sql = await readOverlaySql()
    const databases = Object.fromEntries(
      SERVICES.map((s) => [s.name, serviceDatabase(running.adminUrl, s.name, sql.credentials)]),
    )
    const server = { adminUrl: running.adminUrl, kind: running.kind, pids: [], stop: async () => {} }
    return work({ server, databases, overlay: sql })
  }
  const db = await startDevDatabase({ ...options, reset: false }, log)
  try {
    return await work(db)
  } finally {
    await db.server.stop()
  }
}

/** `pnpm db:migrate`: every migration entry, as the Jobs run them. */
export async function runDbMigrate(options: LauncherOptions, log: LineWriter): Promise<number> {
  await withDevDatabase(options, log, (db) =>
    migrateAll(db, SERVICES, { logLevel: options.logLevel, log, applyFlags: options.migrateFlags }),
  )
  log('dev', 'every migration entry finished')
  return 0
}

/**
 * `pnpm db:reset <service>`: that one service's database, dropped, created again and migrated; the
 * others are not touched. A running `pnpm dev` keeps serving it once its tables are back.
 */
export async function runDbReset(options: LauncherOptions, log: LineWriter): Promise<number> {
  const service = SERVICES.find((s) => s.name === options.service)
  if (!service) throw new LauncherError('DEV_USAGE', 'db:reset needs a service name')
  await withDevDatabase(options, log, async (db) => {
    log(
      'dev',
      `db:reset ${service.name}: deleting the ${service.name} database (every row in it), then migrating it again`,
    )
    await recreateServiceDatabase(db.server.adminUrl, db.overlay, service.name)
    await migrateAll(db, [service], { logLevel: options.logLevel, log, applyFlags: options.migrateFlags })
  })
  log('dev', `${service.name}: database re-created and migrated; the other services were not touched`)
  return 0
}

/**
 * `pnpm db:status`: every service's `migrate.js status --json`, in one table. Exits 3 when any
 * migration is pending, drifted or out of order (a service would refuse to start), naming them.
 */
export async function runDbStatus(options: LauncherOptions, log: LineWriter, color = false): Promise<number> {
  const reports = await withDevDatabase(options, log, (db) =>
    Promise.all(
      SERVICES.map(async (service) => {
        const database = db.databases[service.name]
        if (!database) throw new Error(`no database for ${service.name}`)
        const output = await runMigrationEntry({
          service,
          database,
          args: ['status', '--json'],
          logLevel: 'error',
          onLine: () => {},
        })
        return parseStatusJson(service.name, output)
      }),
    ),
  )
  process.stdout.write(
    `${options.json ? JSON.stringify(reports, null, 2) : formatMigrationTable(reports, color)}\n`,
  )
  const problems = migrationProblems(reports)
  if (problems.length === 0) return 0
  process.stderr.write(
    `db:status: not every migration is applied (${problems.join('; ')}): \`pnpm db:migrate\` applies pending ones; drifted or out-of-order ones need a decision (see the README).\n`,
  )
  return 3
}

/** Pure: the pretty-printed JSON report out of the entry's output (log lines are single-line JSON). */
export function parseStatusJson(service: string, output: string[]): MigrationStatusReport {
  const start = output.indexOf('{')
  try {
    return JSON.parse(output.slice(start).join('\n')) as MigrationStatusReport
  } catch (err) {
    throw new LauncherError(
      'DEV_STATUS_UNREADABLE',
      `${service}: migrate.js status --json printed no report.`,
      {
        cause: err,
      },
    )
  }
}
