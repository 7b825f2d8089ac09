import { pino } from 'pino'
import postgres, { type Sql } from 'postgres'
import { afterAll, inject } from 'vitest'
import { loadMigrateConfig, type MigrateConfig } from '../src/config/migrate-config.js'
import { createLogger, type Logger } from '../src/logger.js'
import { readMigrationBundle } from '../src/migrations/migration-bundle.js'
import { type RunMigrationsOptions, runMigrations } from '../src/migrations/run-migrations.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database.js'

export async function freshDatabase(): Promise<TestDatabase> {
  return createTestDatabase(inject('postgresAdminUrl'))
}

/** A fresh-database factory for one test file; every database it made is dropped in afterAll. */
export function databasePerTest(): () => Promise<TestDatabase> {
  const made: TestDatabase[] = []
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()))
  })
  return async () => {
    const d = await freshDatabase()
    made.push(d)
    return d
  }
}

export function migrateConfig(url: string, env: Record<string, string> = {}): MigrateConfig {
  return loadMigrateConfig({ DATABASE_URL: url, DB_CONNECT_TIMEOUT: '5', ...env })
}

/** A logger whose lines a test can read back, parsed. */
export function capturingLogger(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const log = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) })
  return { log, lines }
}

export async function migrate(
  url: string,
  folder: string,
  extra: Partial<RunMigrationsOptions> & { env?: Record<string, string> } = {},
) {
  const { env, ...rest } = extra
  return runMigrations({
    service: 'test',
    bundle: await readMigrationBundle(folder),
    config: migrateConfig(url, env),
    log: createLogger({ name: 'test', level: 'silent', pretty: false }),
    ...rest,
  })
}

export function connect(url: string): Sql {
  return postgres(url, { max: 2, onnotice: () => {}, fetch_types: false })
}

export async function tableNames(sql: Sql): Promise<string[]> {
  const rows = await sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`
  return rows.map((r) => r.tablename as string)
}

export async function appliedHashes(sql: Sql): Promise<Array<{ hash: string; created_at: string }>> {
  return (await sql`SELECT hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY id`) as unknown as Array<{
    hash: string
    created_at: string
  }>
}

/**
 * A dedicated session, as live traffic would hold one. postgres.js's reserve() waits for an idle
 * connection and a fresh pool has none, so one query opens it first.
 */
export async function openSession(url: string) {
  const pool = connect(url)
  await pool`SELECT 1`
  const session = await pool.reserve()
  return {
    session,
    async close() {
      session.release()
      await pool.end({ timeout: 1 })
    },
  }
}
