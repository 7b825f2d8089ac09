import { describe, expect, it } from 'vitest'
import { confirmCommitted } from '../src/migrations/confirm-committed.js'
import { type BundledMigration, readMigrationBundle } from '../src/migrations/migration-bundle.js'
import { journalRowInsert } from '../src/migrations/migrations-table.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import { appliedHashes, connect, databasePerTest, migrate, tableNames } from './helpers.js'

const db = databasePerTest()
const table = { tag: '0000_t', sql: 'CREATE TABLE "t" ("id" integer);' }

async function columns(url: string, name: string): Promise<string[]> {
  const sql = connect(url)
  try {
    const rows =
      await sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${name} ORDER BY ordinal_position`
    return rows.map((r) => r.column_name as string)
  } finally {
    await sql.end()
  }
}

async function validIndexes(url: string): Promise<Array<{ name: string; valid: boolean }>> {
  const sql = connect(url)
  try {
    const rows =
      await sql`SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1`
    return rows.map((r) => ({ name: r.name as string, valid: r.valid as boolean }))
  } finally {
    await sql.end()
  }
}

describe('a migration that controls its own transactions', () => {
  it('applies the COMMIT; CREATE INDEX CONCURRENTLY; BEGIN; idiom fully, as drizzle does, and records it', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([
      table,
      {
        tag: '0001_idiom',
        sql: 'COMMIT;--> statement-breakpoint\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "t_id_idx" ON "t" ("id");--> statement-breakpoint\nBEGIN;--> statement-breakpoint\nALTER TABLE "t" ADD COLUMN "x" integer;',
      },
    ])
    const result = await migrate(d.url, folder)
    expect(result.applied.map((a) => a.migration)).toEqual(['0000_t', '0001_idiom'])
    expect(await columns(d.url, 't')).toEqual(['id', 'x'])
    expect(await validIndexes(d.url)).toEqual([{ name: 't_id_idx', valid: true }])
    const sql = connect(d.url)
    try {
      expect(await appliedHashes(sql)).toHaveLength(2)
    } finally {
      await sql.end()
    }
    expect((await migrate(d.url, folder)).applied).toEqual([])
  })

  it('keeps what a COMMIT inside an otherwise transactional migration commits, and records the rest', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([
      {
        tag: '0000_a',
        sql: 'CREATE TABLE a (id int);\n--> statement-breakpoint\nCOMMIT;\n--> statement-breakpoint\nCREATE TABLE b (id int);',
      },
    ])
    await migrate(d.url, folder)
    const sql = connect(d.url)
    try {
      expect(await tableNames(sql)).toEqual(['a', 'b'])
      expect(await appliedHashes(sql)).toHaveLength(1)
    } finally {
      await sql.end()
    }
  })

  it('runs a migration whose text only mentions CONCURRENTLY in a comment in one transaction', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([
      {
        tag: '0000_commented',
        sql: '-- we used to CREATE INDEX CONCURRENTLY here\nCREATE TABLE half (id int);\n--> statement-breakpoint\nALTER TABLE half ADD COLUMN nope does_not_exist;',
      },
    ])
    await expect(migrate(d.url, folder)).rejects.toMatchObject({
      code: 'MIGRATE_FAILED',
      message: expect.stringContaining('Nothing of it was kept'),
    })
    const sql = connect(d.url)
    try {
      expect(await tableNames(sql)).toEqual([])
    } finally {
      await sql.end()
    }
  })

  it('runs CREATE UNIQUE INDEX CONCURRENTLY (drizzle-kit uniqueIndex().concurrently()) outside a transaction', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([
      table,
      { tag: '0001_unique', sql: 'CREATE UNIQUE INDEX CONCURRENTLY "t_id_key" ON "t" USING btree ("id");' },
    ])
    await migrate(d.url, folder)
    expect(await validIndexes(d.url)).toEqual([{ name: 't_id_key', valid: true }])
  })

  it('runs a chunk holding a table and its concurrent index statement by statement', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([
      { tag: '0000_one_chunk', sql: 'CREATE TABLE c (id int); CREATE INDEX CONCURRENTLY c_id ON c (id);' },
    ])
    await migrate(d.url, folder)
    expect(await validIndexes(d.url)).toEqual([{ name: 'c_id', valid: true }])
  })

  it('refuses to call a migration applied when its row is not in the journal when read back', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([table])
    const bundle = await readMigrationBundle(folder)
    const sql = connect(d.url)
    try {
      await sql`CREATE SCHEMA drizzle`
      await sql`CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint)`
      await expect(confirmCommitted(sql, 'test', bundle.migrations)).rejects.toMatchObject({
        code: 'MIGRATE_NOT_COMMITTED',
        exitCode: 7,
        message: expect.stringContaining('0000_t'),
      })
    } finally {
      await sql.end()
    }
  })

  it('refuses to call a migration applied when its row is visible only in a transaction still open', async () => {
    const d = await db()
    const folder = await writeMigrationFolder([table])
    const [m] = (await readMigrationBundle(folder)).migrations
    const sql = connect(d.url)
    try {
      await sql`CREATE SCHEMA drizzle`
      await sql`CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint)`
      const session = await sql.reserve()
      try {
        await session.unsafe('BEGIN')
        await session.unsafe(...journalRowInsert(m as BundledMigration, 0))
        await expect(confirmCommitted(session, 'test', [m as BundledMigration])).rejects.toMatchObject({
          code: 'MIGRATE_NOT_COMMITTED',
          message: expect.stringContaining('transaction open'),
        })
        // Committed, the same row is accepted.
        await session.unsafe('COMMIT')
        await expect(confirmCommitted(session, 'test', [m as BundledMigration])).resolves.toBeUndefined()
      } finally {
        session.release()
      }
    } finally {
      await sql.end()
    }
  })
})
