import { sql as dsql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import Fastify from 'fastify'
import type { Sql } from 'postgres'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createIdempotency } from '../src/http/idempotency.js'
import { idempotencyKeys } from '../src/http/idempotency-keys.js'
import { installIdempotencyPurge, purgeExpiredIdempotencyKeys } from '../src/service/idempotency-purge.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import type { TestDatabase } from '../src/testing/test-database.js'
import { connect, freshDatabase, migrate } from './helpers.js'

// What drizzle-kit generates from the shared table (as in every service's migration).
const TABLE = `CREATE TABLE "idempotency_keys" (
  "scope" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "status_code" integer,
  "response_body" jsonb, "created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY("scope","key"));
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");
CREATE TABLE things (id serial PRIMARY KEY, name text NOT NULL);`

describe('idempotency keys', () => {
  let d: TestDatabase
  let sql: Sql
  let db: ReturnType<typeof drizzle<{ idempotencyKeys: typeof idempotencyKeys }>>
  beforeAll(async () => {
    d = await freshDatabase()
    await migrate(d.url, await writeMigrationFolder([{ tag: '0000_keys', sql: TABLE }]))
    sql = connect(d.url)
    db = drizzle(sql, { schema: { idempotencyKeys } })
  })
  afterAll(async () => {
    await sql.end()
    await d.drop()
  })

  const idempotency = () => createIdempotency(db, { ttlSeconds: 3600 })
  const insertThing = (name: string) => async (tx: typeof db) => {
    const [row] = await tx.execute<{ id: number }>(
      dsql`INSERT INTO things (name) VALUES (${name}) RETURNING id`,
    )
    return { id: row?.id, name }
  }
  const things = async () => (await sql`SELECT count(*)::int AS n FROM things`)[0]?.n

  it('creates once per key and replays the first answer to a retry with the same body', async () => {
    const before = await things()
    const request = { scope: 'POST /things', key: 'k-1', body: { name: 'a', n: 1 } }
    const first = await idempotency().run(request, insertThing('a'))
    // Same body, other key order: the same request.
    const retry = await idempotency().run({ ...request, body: { n: 1, name: 'a' } }, insertThing('a'))
    expect(first.replayed).toBe(false)
    expect(retry).toEqual({ statusCode: 201, body: first.body, replayed: true })
    expect(await things()).toBe(before + 1)
  })

  it('refuses the same key with a different body with 422 and creates nothing', async () => {
    await idempotency().run({ scope: 'POST /things', key: 'k-2', body: { name: 'b' } }, insertThing('b'))
    const before = await things()
    const reused = idempotency().run(
      { scope: 'POST /things', key: 'k-2', body: { name: 'c' } },
      insertThing('c'),
    )
    await expect(reused).rejects.toMatchObject({ code: 'REQUEST_IDEMPOTENCY_KEY_REUSED', statusCode: 422 })
    expect(await things()).toBe(before)
  })

  it('lets an expired key be used again, for a new request', async () => {
    await idempotency().run({ scope: 'POST /things', key: 'k-3', body: { name: 'd' } }, insertThing('d'))
    await sql`UPDATE idempotency_keys SET created_at = now() - interval '2 hours' WHERE key = 'k-3'`
    const again = await idempotency().run(
      { scope: 'POST /things', key: 'k-3', body: { name: 'e' } },
      insertThing('e'),
    )
    expect(again).toMatchObject({ replayed: false, body: { name: 'e' } })
  })

  it('runs an atomic create on the pool handle, outside any transaction, when no key is sent', async () => {
    let given: unknown
    const result = await idempotency().run(
      { scope: 'POST /things', key: undefined, body: { name: 'f' } },
      async (tx) => {
        given = tx
        return insertThing('f')(tx)
      },
      { atomic: true },
    )
    expect(given).toBe(db)
    expect(result).toMatchObject({ statusCode: 201, replayed: false, body: { name: 'f' } })
  })

  it('runs a create that is not atomic in a transaction of its own when no key is sent', async () => {
    const before = await things()
    const failing = idempotency().run({ scope: 'POST /things', key: undefined, body: {} }, async (tx) => {
      expect(tx).not.toBe(db)
      await insertThing('g')(tx)
      throw new Error('second statement failed')
    })
    await expect(failing).rejects.toThrow('second statement failed')
    expect(await things()).toBe(before)
  })

  it('runs even an atomic create inside the key transaction: a failure leaves neither row nor key', async () => {
    const before = await things()
    const failing = idempotency().run(
      { scope: 'POST /things', key: 'k-4', body: { name: 'h' } },
      async (tx) => {
        await insertThing('h')(tx)
        throw new Error('refused after the insert')
      },
      { atomic: true },
    )
    await expect(failing).rejects.toThrow('refused after the insert')
    expect(await things()).toBe(before)
    expect(await sql`SELECT 1 FROM idempotency_keys WHERE key = 'k-4'`).toHaveLength(0)
  })

  it('answers a create with the status it is given', async () => {
    const result = await idempotency().run(
      { scope: 'POST /things', key: 'k-5', body: { name: 'i' } },
      insertThing('i'),
      { statusCode: 200 },
    )
    const replay = await idempotency().run(
      { scope: 'POST /things', key: 'k-5', body: { name: 'i' } },
      insertThing('i'),
    )
    expect(result.statusCode).toBe(200)
    expect(replay).toMatchObject({ statusCode: 200, replayed: true })
  })

  it('purges only the keys older than the TTL', async () => {
    await sql`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response_body, created_at)
              VALUES ('s', 'old', 'h', 201, '{}', now() - interval '3 hours'),
                     ('s', 'new', 'h', 201, '{}', now())`
    expect(await purgeExpiredIdempotencyKeys(sql, 3600)).toBeGreaterThanOrEqual(1)
    const left = await sql`SELECT key FROM idempotency_keys WHERE scope = 's'`
    expect(left.map((r) => r.key)).toEqual(['new'])
  })

  it('purges expired keys once the service listens, on a timer that does not hold the process', async () => {
    await sql`INSERT INTO idempotency_keys (scope, key, request_hash, created_at)
              VALUES ('t', 'stale', 'h', now() - interval '3 hours')`
    const app = Fastify()
    installIdempotencyPurge(app, sql, 3600)
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      await vi.waitFor(async () => {
        expect(await sql`SELECT 1 FROM idempotency_keys WHERE scope = 't'`).toHaveLength(0)
      }, 5_000)
    } finally {
      await app.close()
    }
  })
})
