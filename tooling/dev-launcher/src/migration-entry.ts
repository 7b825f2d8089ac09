import type { LineSink } from './child-process.js'
import { type Child, spawnChild } from './child-process.js'
import type { ServiceDatabase } from './database-setup.js'
import { LauncherError } from './errors.js'
import type { ServiceSpec } from './repo-layout.js'

/** Environment every child inherits: the person's own settings, then ours on top. */
export function childEnv(overrides: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ENVIRONMENT: 'development', ...overrides }
}

/**
 * Runs `node dist/migrate.js [args]` in the service's folder, as the Kubernetes Job does: as the
 * schema owner, granting the runtime role afterwards. Resolves with the output; rejects with a
 * DEV_MIGRATION_FAILED error naming the service and the runner's own error.
 */
export async function runMigrationEntry(options: {
  service: ServiceSpec
  database: ServiceDatabase
  args?: string[]
  logLevel: string
  onLine: LineSink
  onStart?: (child: Child) => void
  /** Extra flags for the apply command (`--allow-out-of-order`, `--allow-drift`). */
  applyFlags?: string[]
}): Promise<string[]> {
  const output: string[] = []
  const child = spawnChild(
    `${options.service.name} migrate`,
    process.execPath,
    ['dist/migrate.js', ...(options.args ?? options.applyFlags ?? [])],
    {
      cwd: options.service.dir,
      env: childEnv({
        DATABASE_URL: options.database.ownerUrl,
        DB_RUNTIME_ROLE: options.database.runtimeRole,
        DB_CONNECT_TIMEOUT: '10',
        LOG_LEVEL: options.logLevel,
      }),
      onLine: (line, stream) => {
        output.push(line)
        options.onLine(line, stream)
      },
    },
  )
  options.onStart?.(child)
  const { code, signal } = await child.exited
  if (code === 0) return output
  throw new MigrationEntryError(
    `${options.service.name}: the migration entry (${['node dist/migrate.js', ...(options.args ?? [])].join(' ')}) exited with ${code ?? signal}: ${lastError(output)}. Fix the migration, then start again.`,
    { service: options.service.name, exitCode: code, drifted: driftedTags(output) },
  )
}

/** A migration entry that failed: its exit code and, for drift, the migrations that changed. */
export class MigrationEntryError extends LauncherError {
  readonly service: string
  readonly exitCode: number | undefined
  readonly drifted: string[]

  constructor(message: string, facts: { service: string; exitCode: number | undefined; drifted: string[] }) {
    super('DEV_MIGRATION_FAILED', message)
    this.service = facts.service
    this.exitCode = facts.exitCode
    this.drifted = facts.drifted
  }
}

/** Pure: the `drifted` tags the runner's SVC_DB_MIGRATION_DRIFT line names, else none. */
export function driftedTags(output: string[]): string[] {
  for (const line of [...output].reverse()) {
    try {
      const record = JSON.parse(line) as { code?: string; drifted?: unknown }
      if (record.code === 'SVC_DB_MIGRATION_DRIFT' && Array.isArray(record.drifted))
        return record.drifted.map(String)
    } catch {
      // not JSON
    }
  }
  return []
}

/** Pure: the message of the last error-level pino line, else the last line printed. */
export function lastError(output: string[]): string {
  for (const line of [...output].reverse()) {
    try {
      const record = JSON.parse(line) as { level?: number; msg?: string; code?: string }
      if ((record.level ?? 0) >= 50 && record.msg)
        return record.code ? `${record.code} ${record.msg}` : record.msg
    } catch {
      // not JSON: fall through to the last line
    }
  }
  return output.at(-1) ?? '(no output)'
}
