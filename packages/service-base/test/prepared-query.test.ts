import { sql as dsql } from 'drizzle-orm'
import { integer, type PgDatabase, pgTable, text } from 'drizzle-orm/pg-core'
import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js'
import postgres, { type Sql } from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareOnce } from '../src/database/prepared-query.js'
import type { TestDatabase } from '../src/testing/test-database.js'
import { freshDatabase } from './helpers.js'

/** The pool's handle or a transaction of it, as a service's stores take it. */
type Handle = PgDatabase<PostgresJsQueryResultHKT>

const things = pgTable('things', { id: integer('id').primaryKey(), name: text('name').notNull() })

describe('prepareOnce', () => {
  let d: TestDatabase
  let sql: Sql
  let db: Handle
  beforeAll(async () => {
    d = await freshDatabase()
    // One connection: the prepared statements it holds are the ones this test sent.
    sql = postgres(d.url, { max: 1, onnotice: () => {}, fetch_types: false })
    await sql`CREATE TABLE things (id integer PRIMARY KEY, name text NOT NULL)`
    await sql`INSERT INTO things VALUES (1, 'flour'), (2, 'yeast')`
    db = drizzle(sql)
  })
  afterAll(async () => {
    await sql.end()
    await d.drop()
  })

  it('builds a query once per handle and sends it as a prepared statement', async () => {
    let builds = 0
    const findThing = prepareOnce((handle: Handle) => {
      builds++
      return handle
        .select()
        .from(things)
        .where(dsql`${things.id} = ${dsql.placeholder('id')}`)
        .prepare('test_find_thing')
    })
    expect(await findThing(db).execute({ id: 1 })).toEqual([{ id: 1, name: 'flour' }])
    expect(await findThing(db).execute({ id: 2 })).toEqual([{ id: 2, name: 'yeast' }])
    expect(builds).toBe(1)
    const prepared = await sql<{ statement: string }[]>`SELECT statement FROM pg_prepared_statements`
    expect(prepared.map((p) => p.statement)).toContainEqual(expect.stringMatching(/from "things"/))
  })

  it('builds it again for a transaction, whose handle is new, and runs it inside that transaction', async () => {
    let builds = 0
    const insertThing = prepareOnce((handle: Handle) => {
      builds++
      return handle
        .insert(things)
        .values({ id: dsql.placeholder('id'), name: dsql.placeholder('name') })
        .prepare('test_insert_thing')
    })
    await expect(
      db.transaction(async (tx) => {
        await insertThing(tx).execute({ id: 3, name: 'salt' })
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(builds).toBe(1)
    expect(await sql`SELECT 1 FROM things WHERE id = 3`).toHaveLength(0)
  })
})
