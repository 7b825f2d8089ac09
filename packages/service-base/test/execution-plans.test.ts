import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeExecutionPlans } from '../src/migrations/build-files.js'
import { readExecutionPlans } from '../src/migrations/execution-plans.js'
import { readMigrationBundle } from '../src/migrations/migration-bundle.js'
import { planExecution } from '../src/migrations/migration-execution.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { appliedHashes, connect, databasePerTest, migrate, tableNames } from './helpers.js'

const db = databasePerTest()

const specs = [
  {
    tag: '0000_tables',
    sql: 'CREATE TABLE "a" ("id" integer);\n--> statement-breakpoint\nCREATE TABLE "b" ("id" integer);',
  },
  { tag: '0001_index', sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "a_id_idx" ON "a" ("id");' },
  {
    tag: '0002_commits',
    sql: 'CREATE TABLE "c" ("id" integer);\nCOMMIT;\nBEGIN;\nCREATE TABLE "d" ("id" integer);',
  },
]

describe('execution plans written at build time', () => {
  it('holds, for each migration, exactly the plan the parser gives it, keyed by the file hash', async () => {
    const folder = await writeMigrationFolder(specs)
    const file = join(folder, 'plans.json')
    expect(await writeExecutionPlans(folder, file)).toBe(3)
    const plans = readExecutionPlans(file)
    const bundle = await readMigrationBundle(folder)
    for (const m of bundle.migrations) expect(plans.get(m.hash)).toEqual(await planExecution(m))
    expect([...plans.values()].map((p) => p.mode)).toEqual(['transaction', 'autocommit', 'as-written'])
  })

  it('gives no plans for a missing file or one of another format, so the Job parses', async () => {
    const folder = await writeMigrationFolder(specs.slice(0, 1))
    expect(readExecutionPlans(join(folder, 'absent.json')).size).toBe(0)
    expect(readExecutionPlans(undefined).size).toBe(0)
    const other = join(folder, 'other.json')
    await writeFile(other, JSON.stringify({ format: 0, plans: { x: { mode: 'transaction', units: [] } } }))
    expect(readExecutionPlans(other).size).toBe(0)
  })

  it('applies every mode from the plans, and parses a migration they do not cover', async () => {
    const built = await writeMigrationFolder(specs.slice(0, 2))
    const file = join(built, 'plans.json')
    await writeExecutionPlans(built, file)
    // The folder the Job reads holds one migration more than the build saw.
    const folder = await writeMigrationFolder(specs)
    const { url } = await db()
    const result = await migrate(url, folder, { executionPlansFile: file })
    expect(result.applied.map((a) => a.migration)).toEqual(['0000_tables', '0001_index', '0002_commits'])
    const sql = connect(url)
    try {
      expect(await tableNames(sql)).toEqual(['a', 'b', 'c', 'd'])
      expect(await appliedHashes(sql)).toHaveLength(3)
      const [index] = await sql`SELECT indisvalid FROM pg_index WHERE indexrelid = 'a_id_idx'::regclass`
      expect(index?.indisvalid).toBe(true)
    } finally {
      await sql.end()
    }
  })
})
