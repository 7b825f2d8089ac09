import { parseArgs } from 'node:util'
import { loadMigrateConfig, type MigrateConfig } from '../config/migrate-config.js'
import { ExitCode, isBakeryError, UsageError, WarningCode } from '../errors.js'
import { createLogger, type Logger } from '../logger.js'
import { readStateWithRetry, verifyOnce, waitForDatabase } from './check-database.js'
import { whyNeverRuns } from './folder-layout.js'
import {
  baselineTo,
  formatChanges,
  type HistoryChange,
  repairHistory,
  resolveApplied,
} from './history-commands.js'
import { readMigrationBundle } from './migration-bundle.js'
import { describeStatus, formatStatus } from './migration-status.js'
import { runMigrations } from './run-migrations.js'
import { describeInvalidIndexes } from './verify-database.js'

export const MIGRATE_USAGE = `Usage: node dist/migrate.js [command] [options]

Commands:
  apply        apply every pending migration (default; what the Kubernetes Job runs)
  status       list migrations as applied / pending / drifted / out-of-order / unknown
  verify       exit 0 only if the service could start on this database
  wait         re-check until verify passes (the Deployment's init container)
  repair       re-record the hash of applied migrations whose files were edited on purpose
  resolve --applied <tag>
               record <tag> as applied without running it (a change made by hand)
  baseline --to <tag>
               adopt a database that has the schema but no journal: record every
               migration up to <tag> as applied

Options:
  --json                  status, verify: print JSON
  --timeout <seconds>     wait: give up after this long (default 300); reaching the database
                          is bounded by DB_CONNECT_TIMEOUT, as in every command
  --interval <seconds>    wait: pause between checks (default 2)
  --allow-out-of-order    apply: also apply migrations missing before applied ones
  --allow-drift           apply: proceed although applied migrations were edited
  --applied <tag>         resolve: the migration to record
  --to <tag>              baseline: the last migration the database already has
  -h, --help              show this text

Environment: DATABASE_URL (required), ENVIRONMENT, DB_FORCE_RECREATE, DB_RUNTIME_ROLE,
  MIGRATION_LOCK_TIMEOUT, MIGRATION_STATEMENT_TIMEOUT, MIGRATION_LOCK_RETRIES,
  MIGRATION_ADVISORY_LOCK_WAIT, DB_CONNECT_TIMEOUT, MIGRATIONS_DIR, MIGRATIONS_STRICT, LOG_LEVEL

Output: results (the status table, --json documents) on stdout, logs (JSON lines) on stderr.
  With --json, stdout holds exactly one JSON document, also on failure: {"ok": false, "error": {...}}.

Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 not ready (empty, pending, no files, wait
  timed out), 4 drift, 5 out of order, 6 database unreachable or missing (after DB_CONNECT_TIMEOUT),
  7 migration failed, 8 migration lock timeout, 9 invalid configuration, 10 refused (force-recreate in
  production; resolve of a recorded migration; baseline of a database with a journal or without tables),
  11 database login refused (wrong password or role; not retried)
`

export interface MigrateCliOptions {
  /** Service name, for logs and messages. */
  service: string
  /** The drizzle-kit output folder bundled with the service. */
  migrationsFolder: string
  /**
   * The plans the build wrote for `migrationsFolder` (`dist/migration-plans.json`): bundled
   * migrations then apply without loading the SQL parser. Missing or stale plans fall back to parsing.
   */
  executionPlansFile?: string
  argv?: string[]
  env?: NodeJS.ProcessEnv
  /** Where command output (tables, JSON) goes; logs go to the logger. */
  write?: (text: string) => void
}

/** Entry point of every service's `migrate.ts`. Resolves to the process exit code. */
export async function runMigrateCli(options: MigrateCliOptions): Promise<number> {
  const env = options.env ?? process.env
  const write = options.write ?? ((text: string) => process.stdout.write(`${text}\n`))
  const argv = options.argv ?? process.argv.slice(2)
  // Known before parsing, so that even a usage or config error answers --json with a document.
  const json = argv.includes('--json')
  // stdout carries the command's result (a table, a JSON document); the log goes to stderr.
  const logger = (level: string) => createLogger({ name: `${options.service}-migrate`, level, fd: 2 })
  // One logger per run, at the configured level; a failure before the configuration is read (usage,
  // invalid config) builds its own. A pino instance costs ~2 ms of a Job's start.
  let log: Logger | undefined
  let command: Command | undefined
  try {
    const args = parseCommand(argv)
    command = args.command
    if (args.help) {
      write(MIGRATE_USAGE)
      return ExitCode.ok
    }
    const config = loadMigrateConfig(env)
    log = logger(config.logLevel)
    const bundle = await readMigrationBundle(config.migrationsDir ?? options.migrationsFolder)
    const ctx = {
      service: options.service,
      config,
      bundle,
      log,
      write,
      executionPlansFile: options.executionPlansFile,
    }
    switch (args.command) {
      case 'apply':
        return await apply(ctx, args)
      case 'status':
        return await status(ctx, args.json)
      case 'verify':
        return await verify(ctx, args.json)
      case 'wait':
        return await waitUntilReady(ctx, args)
      case 'repair':
        return report(ctx, 'repair', await repairHistory(ctx))
      case 'resolve':
        return report(ctx, 'resolve', await resolveApplied(ctx, required(args.applied, '--applied')))
      case 'baseline':
        return report(ctx, 'baseline', await baselineTo(ctx, required(args.to, '--to')))
    }
  } catch (err) {
    log ??= logger(env.LOG_LEVEL ?? 'info')
    const exitCode = reportFailure(log, err)
    if (json) write(JSON.stringify(failureDocument(options.service, command, exitCode, err), null, 2))
    return exitCode
  }
}

const COMMANDS = ['apply', 'status', 'verify', 'wait', 'repair', 'resolve', 'baseline'] as const
type Command = (typeof COMMANDS)[number]
/** What `--json` prints when a command fails: the one document on stdout, whatever went wrong. */
function failureDocument(service: string, command: Command | undefined, exitCode: number, err: unknown) {
  const error = isBakeryError(err)
    ? { code: err.code, message: err.message, details: err.details }
    : { code: 'MIGRATE_UNEXPECTED', message: (err as Error)?.message ?? String(err), details: {} }
  return { ok: false, service, command: command ?? null, exitCode, error }
}

interface ParsedArgs {
  command: Command
  help: boolean
  json: boolean
  timeoutMs: number
  intervalMs: number
  allowOutOfOrder: boolean
  allowDrift: boolean
  applied?: string
  to?: string
}

export function parseCommand(argv: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '300' },
        interval: { type: 'string', default: '2' },
        'allow-out-of-order': { type: 'boolean', default: false },
        'allow-drift': { type: 'boolean', default: false },
        applied: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${MIGRATE_USAGE}`)
  }
  const [command = 'apply', ...extra] = parsed.positionals
  if (!(COMMANDS as readonly string[]).includes(command) || extra.length > 0) {
    throw new UsageError(`Unknown command "${[command, ...extra].join(' ')}".\n\n${MIGRATE_USAGE}`)
  }
  const v = parsed.values as Record<string, string | boolean>
  return {
    command: command as Command,
    help: v.help === true,
    json: v.json === true,
    timeoutMs: seconds(String(v.timeout), '--timeout'),
    intervalMs: seconds(String(v.interval), '--interval'),
    allowOutOfOrder: v['allow-out-of-order'] === true,
    allowDrift: v['allow-drift'] === true,
    ...(typeof v.applied === 'string' ? { applied: v.applied } : {}),
    ...(typeof v.to === 'string' ? { to: v.to } : {}),
  }
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`This command needs ${flag} <tag>.\n\n${MIGRATE_USAGE}`)
  return value
}

/** repair, resolve, baseline: print exactly what changed, and log it. */
function report(ctx: Ctx, command: string, changes: HistoryChange[]): number {
  for (const c of changes) ctx.log.warn({ command, ...c }, `${command}: ${c.action} ${c.migration}`)
  ctx.write(formatChanges(command, changes))
  return ExitCode.ok
}

function seconds(value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} takes a positive number of seconds, got "${value}".`)
  return n * 1000
}

interface Ctx {
  service: string
  config: MigrateConfig
  bundle: Awaited<ReturnType<typeof readMigrationBundle>>
  log: Logger
  write: (text: string) => void
  executionPlansFile?: string | undefined
}

async function apply(ctx: Ctx, args: ParsedArgs): Promise<number> {
  ctx.log.info(
    { migrations: ctx.bundle.migrations.length, folder: ctx.bundle.folder },
    'migration job starting',
  )
  for (const f of ctx.bundle.unlistedFiles)
    ctx.log.warn({ file: f }, `file ${whyNeverRuns(ctx.bundle.layout)} and will never run`)
  const result = await runMigrations({
    ...ctx,
    allowOutOfOrder: args.allowOutOfOrder,
    allowDrift: args.allowDrift,
    ...(ctx.executionPlansFile ? { executionPlansFile: ctx.executionPlansFile } : {}),
  })
  ctx.log.info(
    {
      action: 'migrations_applied',
      applied: result.applied.length,
      alreadyApplied: result.alreadyApplied,
      currentRevision: result.currentRevision,
      lockWaitMs: Math.round(result.lockWaitMs),
      durationMs: Math.round(result.durationMs),
    },
    result.applied.length > 0 ? 'migration job completed' : 'migration job completed: nothing to apply',
  )
  return ExitCode.ok
}

async function status(ctx: Ctx, json: boolean): Promise<number> {
  const state = await readStateWithRetry(ctx)
  const report = describeStatus(ctx.service, ctx.bundle, state)
  ctx.write(json ? JSON.stringify({ ok: true, ...report }, null, 2) : formatStatus(report))
  return ExitCode.ok
}

async function verify(ctx: Ctx, json: boolean): Promise<number> {
  const result = await verifyOnce(ctx)
  for (const w of result.warnings) ctx.log.warn({ code: 'SVC_DB_AHEAD' }, w)
  if (result.invalidIndexes.length > 0)
    ctx.log.warn(
      { code: WarningCode.invalidIndex, invalidIndexes: result.invalidIndexes },
      describeInvalidIndexes(result.invalidIndexes),
    )
  if (json) ctx.write(JSON.stringify({ ok: true, service: ctx.service, ...result }, null, 2))
  else ctx.log.info(result, 'database verification successful')
  return ExitCode.ok
}

async function waitUntilReady(ctx: Ctx, args: ParsedArgs): Promise<number> {
  const result = await waitForDatabase(ctx, { timeoutMs: args.timeoutMs, intervalMs: args.intervalMs })
  ctx.log.info(result, 'database ready: the service can start')
  return ExitCode.ok
}

function reportFailure(log: Logger, err: unknown): number {
  if (isBakeryError(err)) {
    log.error({ code: err.code, ...err.details }, err.message)
    return err.exitCode
  }
  log.error({ err }, `unexpected error: ${(err as Error)?.message ?? String(err)}`)
  return ExitCode.unexpected
}
