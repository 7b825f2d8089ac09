import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readMigrationBundle, verifyDatabase } from '@bakery/service-base/migrate'
import { createTestDatabase, migrateTestDatabase, type TestDatabase } from '@bakery/service-base/testing'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import { execa } from 'execa'
import postgres, { type Sql } from 'postgres'
import { afterAll, inject } from 'vitest'

export const packageDir = fileURLToPath(new URL('..', import.meta.url))
/** Committed drizzle-kit 1.0 output: four evolutions of schema/step-1..4.ts. */
export const v1Folder = join(packageDir, 'drizzle')
/** Committed drizzle-kit 0.31 output (journal layout) of schema/step-1..3.ts. */
export const journalFolder = join(packageDir, 'drizzle-0x')

/** A fresh-database factory for one test file; every database it made is dropped in afterAll. */
export function databasePerTest(): () => Promise<TestDatabase> {
  const made: TestDatabase[] = []
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()))
  })
  return async () => {
    const d = await createTestDatabase(inject('postgresAdminUrl'), 'v1compat')
    made.push(d)
    return d
  }
}

/** A scratch copy of a migrations folder, removed in afterAll. */
export function scratchCopies(): (source: string) => Promise<string> {
  const dirs: string[] = []
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
  })
  return async (source) => {
    const dir = await mkdtemp(join(tmpdir(), 'bakery-drizzle-v1-'))
    dirs.push(dir)
    const copy = join(dir, 'drizzle')
    await cp(source, copy, { recursive: true })
    return copy
  }
}

export function connect(url: string): Sql {
  return postgres(url, { max: 1, onnotice: () => {}, fetch_types: false })
}

async function withSql<T>(url: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = connect(url)
  try {
    return await fn(sql)
  } finally {
    await sql.end()
  }
}

/** Our engine, as a service's migration Job runs it. */
export async function migrateWithOurs(url: string, folder: string) {
  return migrateTestDatabase({ url, service: 'v1compat', migrationsFolder: folder })
}

/** drizzle-orm 1.0's own `migrate()` over postgres.js. */
export async function migrateWithDrizzle(url: string, folder: string): Promise<void> {
  await withSql(url, async (client) => {
    await migrate(drizzle({ client }), { migrationsFolder: folder })
  })
}

/** What a service checks at start-up, with our engine. */
export async function verifyWithOurs(url: string, folder: string) {
  const bundle = await readMigrationBundle(folder)
  return withSql(url, (sql) => verifyDatabase(sql, bundle, { service: 'v1compat', strict: false }))
}

export interface JournalRow {
  id: number
  hash: string
  created_at: string
  name: string | null
  applied_at: boolean
}

/** drizzle's table, whichever version; `applied_at` says only whether it is set (it is a clock). */
export async function journalRows(url: string): Promise<JournalRow[]> {
  return withSql(
    url,
    (sql) => sql<JournalRow[]>`
      SELECT id, hash, created_at::text, to_jsonb(m)->>'name' AS name,
             (to_jsonb(m)->>'applied_at') IS NOT NULL AS applied_at
        FROM drizzle.__drizzle_migrations m ORDER BY id`,
  )
}

/**
 * The schema as the catalog holds it, in `public` and `drizzle`: relations, columns with types,
 * defaults and nullability, constraints, indexes, enums, sequences. One sorted line per object.
 */
export async function catalogDump(url: string): Promise<string[]> {
  return withSql(url, async (sql) => {
    const rows = await sql<{ line: string }[]>`
      WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname IN ('public', 'drizzle'))
      SELECT 'relation ' || ns.nspname || '.' || c.relname || ' kind=' || c.relkind::text AS line
        FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
      UNION ALL
      SELECT 'column ' || ns.nspname || '.' || c.relname || '.' || a.attname || ' ' ||
             format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END ||
             coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') || ' #' || a.attnum
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
      UNION ALL
      SELECT 'constraint ' || ns.nspname || '.' || c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN ns ON ns.oid = c.relnamespace
      UNION ALL
      SELECT 'index ' || pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN ns ON ns.oid = c.relnamespace
      UNION ALL
      SELECT 'enum ' || ns.nspname || '.' || t.typname || ' ' ||
             (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
        FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'e'
      UNION ALL
      SELECT 'sequence ' || s.schemaname || '.' || s.sequencename || ' ' || s.data_type || ' start=' || s.start_value
        FROM pg_sequences s WHERE s.schemaname IN ('public', 'drizzle')
      ORDER BY 1`
    return rows.map((r) => r.line)
  })
}

/** Runs drizzle-kit 1.0 (this package's) on `folder`; resolves with its output, rejects on exit ≠ 0. */
export async function drizzleKit(command: string, folder: string, extra: string[] = []) {
  // drizzle-kit prefixes "./" to --out, so it must be relative to the working directory.
  const out = relative(packageDir, folder)
  const result = await execa(
    join(packageDir, 'node_modules/.bin/drizzle-kit'),
    [command, '--dialect', 'postgresql', '--out', out, ...extra],
    { cwd: packageDir, timeout: 60_000, all: true, env: { NO_COLOR: '1' } },
  )
  return result.all ?? ''
}
