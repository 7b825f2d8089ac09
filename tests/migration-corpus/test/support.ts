import { fileURLToPath } from 'node:url'
import { createTestDatabase, runNode, type TestDatabase } from '@bakery/service-base/testing'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate as drizzleMigrate } from 'drizzle-orm/postgres-js/migrator'
import postgres, { type Sql } from 'postgres'
import { afterAll, inject } from 'vitest'
import { type CatalogDump, dumpCatalog, journalRows } from './catalog-dump.js'

export const here = fileURLToPath(new URL('.', import.meta.url))
export const corpusFolder = (name: 'main' | 'concurrently') =>
  fileURLToPath(new URL(`../drizzle/${name}`, import.meta.url))

/** A fresh-database factory for one test file; every database it made is dropped in afterAll. */
export function databasePerTest(): () => Promise<TestDatabase> {
  const made: TestDatabase[] = []
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()))
  })
  return async () => {
    const d = await createTestDatabase(inject('postgresAdminUrl'))
    made.push(d)
    return d
  }
}

/** Our engine as a Job runs it: the migrate CLI as a process. */
export function migrateCli(url: string, folder: string, args: string[] = []) {
  return runNode(
    here,
    ['fixtures/migrate.mjs', folder, ...args],
    { DATABASE_URL: url, LOG_LEVEL: 'warn' },
    60_000,
  )
}

/** drizzle-orm's own migrate(), as a project using drizzle alone runs it. */
export async function migrateWithDrizzle(url: string, folder: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await drizzleMigrate(drizzle(sql), { migrationsFolder: folder })
  } finally {
    await sql.end({ timeout: 5 })
  }
}

export async function withSql<T>(url: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    return await work(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

export async function snapshot(
  url: string,
): Promise<CatalogDump & { journal: Array<{ hash: string; created_at: string }> }> {
  return withSql(url, async (sql) => ({ ...(await dumpCatalog(sql)), journal: await journalRows(sql) }))
}
