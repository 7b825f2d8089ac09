import type { Sql } from 'postgres'
import {
  DatabaseAheadError,
  DatabaseEmptyError,
  MigrationDriftError,
  MigrationOutOfOrderError,
  MigrationsPendingError,
  MigrationsTableMissingError,
} from '../errors.js'
import { type DatabaseState, readDatabaseState } from './database-state.js'
import { describeDrifted } from './drift-diagnosis.js'
import type { MigrationBundle } from './migration-bundle.js'
import { type AppliedRow, type MigrationPlan, planMigrations } from './migration-plan.js'

export interface VerifyOptions {
  /** Service name, used in the "what to run" part of messages. */
  service: string
  /** Fail when the database holds migrations this build does not know (default: warn). */
  strict: boolean
}

/** The outcome the seeds describe (`action: verified` ...), plus what a person should know. */
export interface VerificationResult {
  action: 'verified'
  currentRevision: string | null
  migrationCount: number
  /** Absent when the state was read without counting (a service start, whose journal exists). */
  tableCount?: number
  /** Applied migrations this build does not know (database ahead of the code). */
  ahead: string[]
  /** The connected role can run DDL: a service should run as a role that cannot. */
  canCreate: boolean
  /** INVALID indexes: queries run, but without them (logged as SVC_DB_INDEX_INVALID). */
  invalidIndexes: string[]
  warnings: string[]
}

/** The line a service and `verify` log (code SVC_DB_INDEX_INVALID) when indexes are INVALID. */
export function describeInvalidIndexes(names: readonly string[]): string {
  return `INVALID index${names.length === 1 ? '' : 'es'} ${names.join(', ')}: a CREATE INDEX CONCURRENTLY was cancelled, so queries run without ${names.length === 1 ? 'it' : 'them'} and unique ones enforce nothing. Drop and re-create ${names.length === 1 ? 'it' : 'them'} (DROP INDEX CONCURRENTLY, then the migration's CREATE INDEX CONCURRENTLY), or run the migration Job, which rebuilds one its migration creates.`
}

/** Reads the database state in one statement and judges it. Never changes the database. */
export async function verifyDatabase(
  sql: Pick<Sql, 'unsafe'>,
  bundle: MigrationBundle,
  options: VerifyOptions,
): Promise<VerificationResult> {
  return evaluateVerification(bundle, await readDatabaseState(sql, bundle.migrations), options)
}

function fullyApplied(bundle: MigrationBundle): Pick<MigrationPlan, PlanVerdicts | 'currentRevision'> {
  return {
    drifted: [],
    outOfOrder: [],
    pending: [],
    unknown: [],
    currentRevision: bundle.migrations.at(-1)?.tag ?? null,
  }
}

type PlanVerdicts = 'drifted' | 'outOfOrder' | 'pending' | 'unknown'

const describeRow = (r: AppliedRow) => `created_at=${r.createdAt} hash=${r.hash.slice(0, 12)}`

/** Pure: whether a service built with `bundle` may start on a database in `state`. */
export function evaluateVerification(
  bundle: MigrationBundle,
  state: DatabaseState,
  { service, strict }: VerifyOptions,
): VerificationResult {
  const run = `Run the ${service} migration Job (\`node dist/migrate.js\`; locally \`pnpm db:migrate\`)`
  const facts = { service, database: state.database }
  if (!state.hasMigrationsTable) {
    if (state.tableCount === 0) {
      throw new DatabaseEmptyError(
        `Database "${state.database}" has no tables: migrations were never applied. ${run}, then start the service.`,
        facts,
      )
    }
    throw new MigrationsTableMissingError(
      `Database "${state.database}" has ${state.tableCount} tables but no drizzle.__drizzle_migrations table, so nothing records which migrations ran. ${run} against an empty database, or baseline this one by hand.`,
      facts,
    )
  }

  // Rows that are exactly the bundle (their digest matched) need no plan: every migration is applied.
  const plan = state.journalMatches ? fullyApplied(bundle) : planMigrations(bundle.migrations, state.rows)
  if (plan.drifted.length > 0) {
    const tags = plan.drifted.map((e) => e.migration.tag)
    throw new MigrationDriftError(
      `Applied migrations were edited after they ran: ${describeDrifted(plan.drifted)} (file hash differs from the database). Restore the original files from git and put the change in a new migration (\`drizzle-kit generate\`), or, for an edit made on purpose, run \`node dist/migrate.js repair\`.`,
      { ...facts, drifted: tags },
    )
  }
  if (plan.outOfOrder.length > 0) {
    const tags = plan.outOfOrder.map((m) => m.tag)
    throw new MigrationOutOfOrderError(
      `Migrations ${tags.join(', ')} are not applied although later ones are. Review them, then run \`node dist/migrate.js --allow-out-of-order\`, or regenerate them after the applied ones.`,
      { ...facts, outOfOrder: tags },
    )
  }
  if (plan.pending.length > 0) {
    const tags = plan.pending.map((m) => m.tag)
    throw new MigrationsPendingError(
      `${tags.length} migration${tags.length === 1 ? ' is' : 's are'} not applied: ${tags.join(', ')}. ${run}; the service starts once it completes.`,
      { ...facts, pending: tags },
    )
  }
  const ahead = plan.unknown.map(describeRow)
  const warnings: string[] = []
  if (ahead.length > 0) {
    const message = `Database "${state.database}" holds ${ahead.length} migration${ahead.length === 1 ? '' : 's'} this build does not know (${ahead.join(', ')}): it is ahead of the code, as after a rollback.`
    if (strict) {
      throw new DatabaseAheadError(
        `${message} MIGRATIONS_STRICT=true refuses this: deploy the newer build, or unset MIGRATIONS_STRICT if the newer schema is backward compatible.`,
        { ...facts, ahead },
      )
    }
    warnings.push(
      `${message} Starting anyway because the schema change is expected to be backward compatible (set MIGRATIONS_STRICT=true to refuse).`,
    )
  }
  return {
    action: 'verified',
    currentRevision: plan.currentRevision,
    migrationCount: bundle.migrations.length,
    tableCount: state.tableCount,
    ahead,
    canCreate: state.canCreate,
    invalidIndexes: state.invalidIndexes,
    warnings,
  }
}
