import type { Sql } from 'postgres'
import type { MigrateConfig } from '../config/migrate-config.js'
import { ForceRecreateRefusedError, MigrationDriftError, MigrationOutOfOrderError } from '../errors.js'
import type { Logger } from '../logger.js'
import { applyMigration } from './apply-migration.js'
import { confirmCommitted } from './confirm-committed.js'
import { readDatabaseState } from './database-state.js'
import { describeDrifted } from './drift-diagnosis.js'
import { readExecutionPlans } from './execution-plans.js'
import type { MigrationBundle } from './migration-bundle.js'
import { type MigrationPlan, planMigrations } from './migration-plan.js'
import { withMigrationSession } from './migration-session.js'
import { dropServiceSchemas, ensureMigrationsTable, grantRuntimeRole } from './schema-admin.js'

export interface RunMigrationsOptions {
  service: string
  bundle: MigrationBundle
  config: MigrateConfig
  log: Logger
  /** Apply migrations missing before already-applied ones (after a review). */
  allowOutOfOrder?: boolean
  /** Proceed although applied migrations were edited since (their new text is not re-run). */
  allowDrift?: boolean
  /** The build's precomputed plans (`writeExecutionPlans`), read only when something is pending. */
  executionPlansFile?: string
}

export interface RunMigrationsResult {
  applied: Array<{ migration: string; durationMs: number }>
  alreadyApplied: number
  currentRevision: string | null
  lockWaitMs: number
  durationMs: number
}

/**
 * The migration Job: takes the database's migration lock, re-reads what is applied, and applies every
 * bundled migration not yet recorded (a set, not a high-water mark), one transaction each.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<RunMigrationsResult> {
  const { config, log, service } = options
  const started = performance.now()
  if (config.forceRecreate && config.environment === 'production') {
    throw new ForceRecreateRefusedError(
      'DB_FORCE_RECREATE=true would drop every table, and ENVIRONMENT=production forbids it. Unset DB_FORCE_RECREATE.',
      { service },
    )
  }
  return withMigrationSession(config, service, log, async (sql, lockWaitMs) => {
    const result = await migrateLocked(sql, options)
    return { ...result, lockWaitMs, durationMs: performance.now() - started }
  })
}

async function migrateLocked(sql: Sql, options: RunMigrationsOptions) {
  const { bundle, config, log } = options
  if (config.forceRecreate) await dropServiceSchemas(sql, log)
  // Read under the lock: a runner that waited sees what the previous holder applied.
  let state = await readDatabaseState(sql)
  if (!state.hasMigrationsTable) {
    // Only a database never migrated: a re-run (the no-op) issues no DDL at all.
    await ensureMigrationsTable(sql, bundle.layout)
    state = await readDatabaseState(sql)
  }
  const plan = planMigrations(bundle.migrations, state.rows)
  refuseUnsafe(plan, options)
  if (plan.unknown.length > 0) {
    log.warn(
      { unknown: plan.unknown.map((r) => r.createdAt) },
      'the database holds migrations this build does not know (it is ahead of the code); applying only what is missing',
    )
  }
  const applied: RunMigrationsResult['applied'] = []
  let lastComplete = plan.currentRevision
  const plans = plan.pending.length > 0 ? readExecutionPlans(options.executionPlansFile) : undefined
  for (const m of plan.pending) {
    const durationMs = await applyMigration(sql, m, {
      lockTimeoutMs: config.lockTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      lockRetries: config.lockRetries,
      tableVersion: state.tableVersion,
      lastComplete,
      log,
      plans,
    })
    lastComplete = m.tag
    applied.push({ migration: m.tag, durationMs: Math.round(durationMs) })
    log.info(
      { migration: m.tag, hash: m.hash, durationMs: Math.round(durationMs), outcome: 'applied' },
      'migration applied',
    )
  }
  if (config.runtimeRole) await grantRuntimeRole(sql, config.runtimeRole)
  // "Applied" only once committed: read back where no transaction of ours holds pending writes.
  await confirmCommitted(sql, options.service, plan.pending)
  const alreadyApplied = bundle.migrations.length - plan.pending.length
  // Every bundled migration is now applied, so the journal's last one is the revision.
  return { applied, alreadyApplied, currentRevision: bundle.migrations.at(-1)?.tag ?? null }
}

function refuseUnsafe(plan: MigrationPlan, options: RunMigrationsOptions): void {
  if (plan.drifted.length > 0 && !options.allowDrift) {
    const tags = plan.drifted.map((e) => e.migration.tag)
    throw new MigrationDriftError(
      `Refusing to migrate: applied migrations were edited after they ran: ${describeDrifted(plan.drifted)}. Restore them from git and put the change in a new migration; for an edit made on purpose, run \`repair\` to record the new hash (or re-run with --allow-drift, which keeps the old one).`,
      { service: options.service, drifted: tags },
    )
  }
  if (plan.outOfOrder.length > 0 && !options.allowOutOfOrder) {
    const tags = plan.outOfOrder.map((m) => m.tag)
    throw new MigrationOutOfOrderError(
      `Refusing to migrate: ${tags.join(', ')} would run after migrations that come later in the journal. Check they do not conflict, then re-run with --allow-out-of-order.`,
      { service: options.service, outOfOrder: tags },
    )
  }
}
