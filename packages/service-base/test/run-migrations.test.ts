import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { syntheticMigrations, writeMigrationFolder } from '../src/testing/migration-folder.js'
import {
  appliedHashes,
  capturingLogger,
  connect,
  databasePerTest,
  migrate,
  openSession,
  tableNames,
} from './helpers.js'

const db = databasePerTest()

const items = { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);' }
const price = { tag: '0001_price', sql: 'ALTER TABLE items ADD COLUMN price numeric(10,2);' }
const base = [items, price]

describe('runMigrations', () => {
  let folder: string
  beforeAll(async () => {
    folder = await writeMigrationFolder(base)
  })

  it('applies every migration to an empty database and records drizzle-compatible rows', async () => {
    const d = await db()
    const result = await migrate(d.url, folder)
    expect(result.applied.map((a) => a.migration)).toEqual(['0000_items', '0001_price'])
    expect(result.currentRevision).toBe('0001_price')
    const sql = connect(d.url)
    try {
      expect(await tableNames(sql)).toEqual(['items'])
      expect((await appliedHashes(sql)).map((r) => r.created_at)).toEqual(['1700000000000', '1700000001000'])
    } finally {
      await sql.end()
    }
  })

  it('is a no-op the second time', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const again = await migrate(d.url, folder)
    expect(again.applied).toEqual([])
    expect(again.alreadyApplied).toBe(2)
  })

  it('lets eight runners start at once on an empty database: all succeed, each migration applied once', async () => {
    const d = await db()
    const many = await writeMigrationFolder([
      ...syntheticMigrations(20),
      {
        tag: '0020_concurrent_index',
        sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS s0_idx ON synthetic_0 (created_at);',
      },
    ])
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => migrate(d.url, many)))
    expect(results.map((r) => r.status)).toEqual(Array(8).fill('fulfilled'))
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.applied : []))
    expect(applied).toHaveLength(21)
    expect(new Set(applied.map((a) => a.migration)).size).toBe(21)
    const sql = connect(d.url)
    try {
      expect(await appliedHashes(sql)).toHaveLength(21)
    } finally {
      await sql.end()
    }
  })

  it('applies a migration merged from a branch with an older timestamp than the newest applied one', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const merged = await writeMigrationFolder([
      ...base,
      { tag: '0002_branch', when: 1_600_000_000_000, sql: 'CREATE TABLE from_branch (id int);' },
    ])
    const result = await migrate(d.url, merged)
    expect(result.applied.map((a) => a.migration)).toEqual(['0002_branch'])
    const sql = connect(d.url)
    try {
      expect(await tableNames(sql)).toContain('from_branch')
    } finally {
      await sql.end()
    }
  })

  it('refuses drift: an applied migration edited afterwards', async () => {
    const d = await db()
    const edited = await writeMigrationFolder(base)
    await migrate(d.url, edited)
    await writeFile(
      join(edited, '0000_items.sql'),
      'CREATE TABLE items (id bigserial PRIMARY KEY, name text);',
    )
    await expect(migrate(d.url, edited)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATION_DRIFT',
      message: expect.stringContaining('0000_items'),
    })
    await expect(migrate(d.url, edited, { allowDrift: true })).resolves.toMatchObject({ applied: [] })
  })

  it('refuses an out-of-order gap unless allowed, then applies it', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const withGap = await writeMigrationFolder([
      items,
      { tag: '0001_inserted', when: 1_700_000_000_500, sql: 'CREATE TABLE inserted (id int);' },
      { ...price, when: 1_700_000_001_000 },
    ])
    await expect(migrate(d.url, withGap)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATION_OUT_OF_ORDER',
      message: expect.stringContaining('0001_inserted'),
    })
    const result = await migrate(d.url, withGap, { allowOutOfOrder: true })
    expect(result.applied.map((a) => a.migration)).toEqual(['0001_inserted'])
  })

  it('stops at a failing migration: earlier ones kept, nothing of it kept, later ones not run', async () => {
    const d = await db()
    const failing = await writeMigrationFolder([
      items,
      {
        tag: '0001_broken',
        sql: 'CREATE TABLE half (id int);\n--> statement-breakpoint\nALTER TABLE items ADD COLUMN nope does_not_exist;',
      },
      { tag: '0002_after', sql: 'CREATE TABLE after_broken (id int);' },
    ])
    const err = await migrate(d.url, failing).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'MIGRATE_FAILED', exitCode: 7 })
    expect((err as Error).message).toMatch(
      /0001_broken\.sql failed at statement 2 of 2: type "does_not_exist" does not exist/,
    )
    expect((err as Error).message).toContain('the database is at 0000_items')
    const sql = connect(d.url)
    try {
      expect(await tableNames(sql)).toEqual(['items'])
      expect(await appliedHashes(sql)).toHaveLength(1)
    } finally {
      await sql.end()
    }
  })

  it('retries a migration whose table lock is held by live traffic, then applies it', async () => {
    const d = await db()
    await migrate(d.url, await writeMigrationFolder([items]))
    const traffic = await openSession(d.url)
    await traffic.session.unsafe('BEGIN; LOCK TABLE items IN ACCESS SHARE MODE').simple()
    // postgres.js queries run when awaited, hence the then().
    setTimeout(() => traffic.session.unsafe('COMMIT').then(() => {}), 700)
    const { log, lines } = capturingLogger()
    try {
      const result = await migrate(d.url, folder, {
        env: { MIGRATION_LOCK_TIMEOUT: '100', MIGRATION_LOCK_RETRIES: '10' },
        log,
      })
      expect(result.applied.map((a) => a.migration)).toEqual(['0001_price'])
      expect(lines.some((l) => String(l.msg).includes('timed out waiting for a table lock'))).toBe(true)
    } finally {
      await traffic.close()
    }
  })

  it('gives up with a clear error when the table stays locked through every retry', async () => {
    const d = await db()
    await migrate(d.url, await writeMigrationFolder([items]))
    const traffic = await openSession(d.url)
    await traffic.session.unsafe('BEGIN; LOCK TABLE items IN ACCESS SHARE MODE').simple()
    try {
      await expect(
        migrate(d.url, folder, { env: { MIGRATION_LOCK_TIMEOUT: '50', MIGRATION_LOCK_RETRIES: '1' } }),
      ).rejects.toMatchObject({
        code: 'MIGRATE_FAILED',
        details: { sqlState: '55P03', blockers: [expect.objectContaining({ locks: 'AccessShareLock' })] },
        message: expect.stringContaining('Sessions in the way: pid'),
      })
    } finally {
      await traffic.close()
    }
  })

  it('times out waiting for another runner that holds the migration lock', async () => {
    const d = await db()
    const holder = await openSession(d.url)
    await holder.session`SELECT pg_advisory_lock(${0x62616b65}::int, ${0x6d696772}::int)`
    try {
      await expect(
        migrate(d.url, folder, { env: { MIGRATION_ADVISORY_LOCK_WAIT: '1' } }),
      ).rejects.toMatchObject({ code: 'MIGRATE_LOCK_TIMEOUT', exitCode: 8 })
    } finally {
      await holder.close()
    }
  })

  it('refuses DB_FORCE_RECREATE in production and changes nothing', async () => {
    const d = await db()
    await migrate(d.url, folder)
    await expect(
      migrate(d.url, folder, { env: { DB_FORCE_RECREATE: 'true', ENVIRONMENT: 'production' } }),
    ).rejects.toMatchObject({ code: 'MIGRATE_FORCE_RECREATE_REFUSED', exitCode: 10 })
    const sql = connect(d.url)
    try {
      await sql`INSERT INTO items (name) VALUES ('kept')`
      expect(await sql`SELECT count(*)::int AS n FROM items`).toEqual([{ n: 1 }])
    } finally {
      await sql.end()
    }
  })

  it('drops and rebuilds the schema with DB_FORCE_RECREATE outside production', async () => {
    const d = await db()
    await migrate(d.url, folder)
    const sql = connect(d.url)
    try {
      await sql`INSERT INTO items (name) VALUES ('gone')`
      await sql`CREATE TABLE stray (id int)`
      const result = await migrate(d.url, folder, {
        env: { DB_FORCE_RECREATE: 'true', ENVIRONMENT: 'development' },
      })
      expect(result.applied).toHaveLength(2)
      expect(await tableNames(sql)).toEqual(['items'])
      expect(await sql`SELECT count(*)::int AS n FROM items`).toEqual([{ n: 0 }])
    } finally {
      await sql.end()
    }
  })

  it('agrees with drizzle-orm: its migrate() finds nothing to do after ours, and ours nothing after its', async () => {
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate: drizzleMigrate } = await import('drizzle-orm/postgres-js/migrator')
    const a = await db()
    await migrate(a.url, folder)
    const sqlA = connect(a.url)
    const b = await db()
    const sqlB = connect(b.url)
    try {
      await drizzleMigrate(drizzle(sqlA), { migrationsFolder: folder })
      expect(await appliedHashes(sqlA)).toHaveLength(2)
      await drizzleMigrate(drizzle(sqlB), { migrationsFolder: folder })
      expect((await migrate(b.url, folder)).applied).toEqual([])
      expect(await appliedHashes(sqlB)).toEqual(await appliedHashes(sqlA))
    } finally {
      await sqlA.end()
      await sqlB.end()
    }
  })
})
