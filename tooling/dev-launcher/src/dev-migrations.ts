import { type Dirent, existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseStatements } from '@bakery/service-base/migrate'
import { execa } from 'execa'
import postgres from 'postgres'
import { setupDatabases } from './database-setup.js'
import type { OverlaySql } from './overlay-sql.js'
import { repoRoot } from './repo-layout.js'

/**
 * True when a migration file holds no statement yet: only comments, blank lines and breakpoint markers,
 * as `drizzle-kit generate --custom` writes it. Applying it would record an empty migration whose real
 * SQL, saved a minute later, then counts as drift. PostgreSQL's parser decides, as in the runner: a
 * file it cannot parse is not a placeholder, so the runner reports the SQL error.
 */
export async function isPlaceholderSql(text: string): Promise<boolean> {
  // libpg-query refuses an empty string ("Query cannot be empty"); whitespace alone parses to nothing.
  if (text.length === 0) return true
  try {
    return (await parseStatements(text)).length === 0
  } catch {
    return false
  }
}

/** The migration files of `service` that hold no statement yet. */
export function placeholderMigrations(service: string): Promise<string[]> {
  return placeholderFiles(drizzleFolder(service))
}

/**
 * The migration files in `folder` that hold no statement yet, relative to it, in either layout
 * drizzle-kit writes: 0.x's `<tag>.sql` and 1.0's `<timestamp>_<name>/migration.sql`.
 */
export async function placeholderFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  const found: string[] = []
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const file = migrationFileOf(entry)
    if (!file) continue
    // A folder without migration.sql (meta/, a half-written one) is no migration: unreadable, skipped.
    const text = await readFile(join(folder, file), 'utf8').catch(() => undefined)
    if (text !== undefined && (await isPlaceholderSql(text))) found.push(file)
  }
  return found
}

function migrationFileOf(entry: Dirent): string | undefined {
  if (entry.isFile()) return entry.name.endsWith('.sql') ? entry.name : undefined
  return entry.isDirectory() ? `${entry.name}/migration.sql` : undefined
}

/**
 * Migrations (by tag) of `service` that git does not hold in HEAD: written during this development
 * session, so editing them after the dev loop applied them is expected, not drift.
 */
export async function uncommittedMigrations(service: string, tags: readonly string[]): Promise<string[]> {
  const result: string[] = []
  for (const tag of tags) {
    // drizzle-kit 1.0's tag is its folder's name; 0.x's names a top-level file.
    const v1 = existsSync(join(drizzleFolder(service), tag, 'migration.sql'))
    const path = `services/${service}/drizzle/${v1 ? `${tag}/migration.sql` : `${tag}.sql`}`
    const inHead = await execa('git', ['cat-file', '-e', `HEAD:${path}`], { cwd: repoRoot, reject: false })
    if (inHead.exitCode !== 0) result.push(tag)
  }
  return result
}

let recreating: Promise<unknown> = Promise.resolve()

/**
 * Drops one service's database and creates it again, empty, with its roles' privileges. One at a
 * time: the overlay's GRANT/REVOKE statements name every database, so all others must exist.
 */
export function recreateServiceDatabase(adminUrl: string, sql: OverlaySql, service: string): Promise<void> {
  const next = recreating.then(() => recreate(adminUrl, sql, service))
  recreating = next.catch(() => {})
  return next
}

async function recreate(adminUrl: string, sql: OverlaySql, service: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, fetch_types: false })
  try {
    // FORCE ends the running service's connections; it reconnects once the database is back.
    await admin.unsafe(`DROP DATABASE IF EXISTS "${service}" WITH (FORCE)`)
  } finally {
    await admin.end()
  }
  // Only this database's CREATE (and any missing role): the other databases stay as they are.
  const ours = sql.databaseStatements.filter((statement) => {
    const target = statement.creates
    return !target || target.kind === 'role' || target.name === service
  })
  await setupDatabases(adminUrl, { ...sql, databaseStatements: ours }, [service])
}

export const drizzleFolder = (service: string) => join(repoRoot, 'services', service, 'drizzle')
