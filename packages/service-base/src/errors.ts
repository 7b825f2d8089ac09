/**
 * Typed errors with stable codes. Callers and tests branch on `err.code`; `exitCode` is what a CLI
 * or a service process exits with when the error ends it (documented in the README).
 */
export abstract class BakeryError extends Error {
  abstract readonly code: string
  abstract readonly exitCode: number
  /** Structured facts for the log line (never secrets). */
  readonly details: Record<string, unknown>

  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.details = details
  }
}

/** Exit codes shared by `main.js` and `migrate.js`. */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notReady: 3,
  drift: 4,
  outOfOrder: 5,
  unreachable: 6,
  migrationFailed: 7,
  lockTimeout: 8,
  config: 9,
  refused: 10,
  authFailed: 11,
  listenFailed: 12,
} as const

export class ConfigInvalidError extends BakeryError {
  readonly code = 'SVC_CONFIG_INVALID'
  readonly exitCode = ExitCode.config
}

export class ListenFailedError extends BakeryError {
  readonly code = 'SVC_LISTEN_FAILED'
  readonly exitCode = ExitCode.listenFailed
}

export class DatabaseUnreachableError extends BakeryError {
  readonly code = 'SVC_DB_UNREACHABLE'
  readonly exitCode = ExitCode.unreachable
}

/** The database named in DATABASE_URL does not exist (yet): retried until DB_CONNECT_TIMEOUT. */
export class DatabaseMissingError extends BakeryError {
  readonly code = 'SVC_DB_DATABASE_MISSING'
  readonly exitCode = ExitCode.unreachable
}

/** The server refused the credentials (28P01, 28000): never retried, a password does not fix itself. */
export class DatabaseAuthFailedError extends BakeryError {
  readonly code = 'SVC_DB_AUTH_FAILED'
  readonly exitCode = ExitCode.authFailed
}

export class NoMigrationFilesError extends BakeryError {
  readonly code = 'SVC_DB_NO_MIGRATION_FILES'
  readonly exitCode = ExitCode.notReady
}

export class MigrationJournalInvalidError extends BakeryError {
  readonly code = 'SVC_DB_JOURNAL_INVALID'
  readonly exitCode = ExitCode.notReady
}

export class DatabaseEmptyError extends BakeryError {
  readonly code = 'SVC_DB_EMPTY'
  readonly exitCode = ExitCode.notReady
}

export class MigrationsTableMissingError extends BakeryError {
  readonly code = 'SVC_DB_MIGRATIONS_TABLE_MISSING'
  readonly exitCode = ExitCode.notReady
}

export class MigrationsPendingError extends BakeryError {
  readonly code = 'SVC_DB_MIGRATIONS_PENDING'
  readonly exitCode = ExitCode.notReady
}

export class MigrationDriftError extends BakeryError {
  readonly code = 'SVC_DB_MIGRATION_DRIFT'
  readonly exitCode = ExitCode.drift
}

export class MigrationOutOfOrderError extends BakeryError {
  readonly code = 'SVC_DB_MIGRATION_OUT_OF_ORDER'
  readonly exitCode = ExitCode.outOfOrder
}

export class DatabaseAheadError extends BakeryError {
  readonly code = 'SVC_DB_AHEAD'
  readonly exitCode = ExitCode.notReady
}

export class MigrationFailedError extends BakeryError {
  readonly code = 'MIGRATE_FAILED'
  readonly exitCode = ExitCode.migrationFailed
}

/** The migration's SQL does not parse: it would fail on the server too. */
export class MigrationSqlInvalidError extends BakeryError {
  readonly code = 'MIGRATE_SQL_INVALID'
  readonly exitCode = ExitCode.migrationFailed
}

/** Read back after applying: a migration reported applied is not in the journal, or a transaction is open. */
export class MigrationNotCommittedError extends BakeryError {
  readonly code = 'MIGRATE_NOT_COMMITTED'
  readonly exitCode = ExitCode.migrationFailed
}

/** A migration left an index INVALID (a cancelled CONCURRENTLY build): it is not recorded. */
export class MigrationIndexInvalidError extends BakeryError {
  readonly code = 'MIGRATE_INDEX_INVALID'
  readonly exitCode = ExitCode.migrationFailed
}

/** `resolve`/`baseline` named a migration the bundle does not have. */
export class UnknownMigrationError extends BakeryError {
  readonly code = 'MIGRATE_UNKNOWN_MIGRATION'
  readonly exitCode = ExitCode.usage
}

/** `repair`, `resolve` or `baseline` would rewrite history in a way that is not theirs to do. */
export class HistoryEditRefusedError extends BakeryError {
  readonly code = 'MIGRATE_HISTORY_EDIT_REFUSED'
  readonly exitCode = ExitCode.refused
}

export class MigrationLockTimeoutError extends BakeryError {
  readonly code = 'MIGRATE_LOCK_TIMEOUT'
  readonly exitCode = ExitCode.lockTimeout
}

export class ForceRecreateRefusedError extends BakeryError {
  readonly code = 'MIGRATE_FORCE_RECREATE_REFUSED'
  readonly exitCode = ExitCode.refused
}

export class WaitTimeoutError extends BakeryError {
  readonly code = 'MIGRATE_WAIT_TIMEOUT'
  readonly exitCode = ExitCode.notReady
}

export class UsageError extends BakeryError {
  readonly code = 'MIGRATE_USAGE'
  readonly exitCode = ExitCode.usage
}

/** Warning codes (logged, not thrown). */
export const WarningCode = {
  databaseAhead: 'SVC_DB_AHEAD',
  invalidIndex: 'SVC_DB_INDEX_INVALID',
  /** Route schemas missing from the build's compiled-schemas.cjs, compiled at start instead. */
  schemasStale: 'SVC_SCHEMAS_STALE',
  /** A production start without the build's compiled-schemas.cjs: every schema compiled at start. */
  schemasNotPrecompiled: 'SVC_SCHEMAS_NOT_PRECOMPILED',
} as const

export function isBakeryError(err: unknown): err is BakeryError {
  return err instanceof BakeryError
}
