import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { queryDatabaseState, readDatabaseState } from '../src/migrations/database-state.js'
import { readMigrationBundle } from '../src/migrations/migration-bundle.js'
import { evaluateVerification } from '../src/migrations/verify-database.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { connect, databasePerTest, migrate } from './helpers.js'

const db = databasePerTest()
const specs = [
  { tag: '0000_a', sql: 'CREATE TABLE "a" ("id" integer);' },
  { tag: '0001_b', sql: 'CREATE TABLE "b" ("id" integer);' },
]

async function migrated() {
  const folder = await writeMigrationFolder(specs)
  const d = await db()
  await migrate(d.url, folder)
  return { folder, url: d.url, sql: connect(d.url) }
}

describe('verification reads a matching journal as one digest', () => {
  it('rebuilds the rows of a journal that matches the bundle, in its order', async () => {
    const { folder, sql } = await migrated()
    try {
      // Ids with gaps: the digest covers order, hash, created_at and name, not the ids themselves.
      await sql`UPDATE drizzle.__drizzle_migrations SET id = id * 10`
      const bundle = await readMigrationBundle(folder)
      const full = await readDatabaseState(sql)
      const digested = await readDatabaseState(sql, bundle.migrations)
      expect(full.rows.map((r) => r.id)).toEqual([10, 20])
      expect(digested.rows).toEqual(full.rows.map((r, i) => ({ ...r, id: i + 1 })))
      expect(evaluateVerification(bundle, digested, { service: 't', strict: false }).currentRevision).toBe(
        '0001_b',
      )
    } finally {
      await sql.end()
    }
  })

  it('matches drizzle 1.0 rows by their names, and a 0.x row among them not at all', async () => {
    const { folder, sql } = await migrated()
    try {
      const bundle = await readMigrationBundle(folder)
      await sql`ALTER TABLE drizzle.__drizzle_migrations ADD COLUMN name text, ADD COLUMN applied_at timestamptz`
      for (const m of bundle.migrations)
        await sql`UPDATE drizzle.__drizzle_migrations SET name = ${m.name ?? m.tag} WHERE hash = ${m.hash}`
      const named = await readDatabaseState(sql, bundle.migrations)
      expect(named.rows).toEqual(await readDatabaseState(sql).then((s) => s.rows))
      expect(named.rows.map((r) => r.name)).toEqual(bundle.migrations.map((m) => m.name))
      await sql`UPDATE drizzle.__drizzle_migrations SET name = NULL WHERE id = 1`
      const mixed = await readDatabaseState(sql, bundle.migrations)
      expect(mixed.rows.map((r) => r.name)).toEqual([null, bundle.migrations[1]?.name])
    } finally {
      await sql.end()
    }
  })

  it('returns every row when the journal differs, so the error names what is wrong', async () => {
    const { folder, sql } = await migrated()
    try {
      await writeFile(join(folder, '0001_b.sql'), `${specs[1]?.sql}\n-- edited`)
      const edited = await readMigrationBundle(folder)
      await expect(async () =>
        evaluateVerification(edited, await readDatabaseState(sql, edited.migrations), {
          service: 't',
          strict: false,
        }),
      ).rejects.toMatchObject({ code: 'SVC_DB_MIGRATION_DRIFT', message: expect.stringContaining('0001_b') })
      // A row the bundle does not know, even one without created_at, is never hidden by the digest.
      await sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('x', NULL)`
      const bundle = await readMigrationBundle(folder)
      const state = await readDatabaseState(sql, bundle.migrations)
      expect(state.rows).toHaveLength(3)
    } finally {
      await sql.end()
    }
  })
})

describe('the state statement of a service start', () => {
  it("counts the tables only when drizzle's table is missing, the one verdict that needs them", async () => {
    const { sql } = await migrated()
    try {
      // A catalog scan that grows with the database (~5 ms at 1,000 tables): a start whose journal
      // exists has no use for it; the CLI's status and verify still count.
      expect(
        (await queryDatabaseState(sql, undefined, { countTables: 'without-journal' })).table_count,
      ).toBeNull()
      expect((await readDatabaseState(sql)).tableCount).toBe(2)
      await sql`DROP SCHEMA drizzle CASCADE`
      expect((await queryDatabaseState(sql, undefined, { countTables: 'without-journal' })).table_count).toBe(
        2,
      )
    } finally {
      await sql.end()
    }
  })
})
