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
}): Promise<string[]> {
  const output: string[] = []
  const child = spawnChild(
    `${options.service.name} migrate`,
    process.execPath,
    ['dist/migrate.js', ...(options.args ?? [])],
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
  throw new LauncherError(
    'DEV_MIGRATION_FAILED',
    `${options.service.name}: the migration entry (${['node dist/migrate.js', ...(options.args ?? [])].join(' ')}) exited with ${code ?? signal}: ${lastError(output)}. Fix the migration, then start again.`,
  )
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
