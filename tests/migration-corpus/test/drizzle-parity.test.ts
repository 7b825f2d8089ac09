import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copyMigrationsUpTo } from '@bakery/service-base/testing'
import { describe, expect, it } from 'vitest'
import { corpusFolder, databasePerTest, migrateCli, migrateWithDrizzle, snapshot } from './support.js'

const db = databasePerTest()

describe('corpus drizzle/main: our engine and drizzle-orm migrate() on two empty databases', () => {
  it('leave the same catalog, the same data and the same journal rows', async () => {
    const ours = await db()
    const theirs = await db()
    const run = await migrateCli(ours.url, corpusFolder('main'))
    expect(run.code, run.output.join('\n')).toBe(0)
    await migrateWithDrizzle(theirs.url, corpusFolder('main'))
    const a = await snapshot(ours.url)
    const b = await snapshot(theirs.url)
    expect(a.journal).toHaveLength(6)
    expect(a.objects.length).toBeGreaterThan(30)
    expect(a.objects).toContain(
      'index bakery.orders_status_idx CREATE INDEX orders_status_idx ON bakery.orders USING btree (status)',
    )
    expect(a.objects).toContain('column bakery.orders.note text')
    expect(a.objects).toContain('enum bakery.order_status pending,baked,delivered')
    expect(a.data['bakery.orders']).toMatch(/^200 rows /)
    expect(a.data['bakery.order_audit']).toMatch(/^66 rows /)
    expect(a).toEqual(b)
  })

  it('agree afterwards: each finds nothing to do on the database the other migrated', async () => {
    const ours = await db()
    const theirs = await db()
    await migrateCli(ours.url, corpusFolder('main'))
    await migrateWithDrizzle(theirs.url, corpusFolder('main'))
    const before = await snapshot(ours.url)
    await migrateWithDrizzle(ours.url, corpusFolder('main'))
    expect(await snapshot(ours.url)).toEqual(before)
    const run = await migrateCli(theirs.url, corpusFolder('main'))
    expect(run.code).toBe(0)
    expect(await snapshot(theirs.url)).toEqual(before)
    expect((await migrateCli(theirs.url, corpusFolder('main'), ['verify'])).code).toBe(0)
  })
})

describe('corpus drizzle/main: the merge-reordered journal on a database that has 0000-0004', () => {
  it('drizzle-orm silently skips the merged 0005 (older timestamp); ours applies it', async () => {
    const upTo4 = await copyMigrationsUpTo(
      corpusFolder('main'),
      5,
      join(await mkdtemp(join(tmpdir(), 'corpus-')), 'drizzle'),
    )
    const theirs = await db()
    await migrateWithDrizzle(theirs.url, upTo4)
    await migrateWithDrizzle(theirs.url, corpusFolder('main'))
    expect((await snapshot(theirs.url)).journal).toHaveLength(5)
    const ours = await db()
    expect((await migrateCli(ours.url, upTo4)).code).toBe(0)
    expect((await migrateCli(ours.url, corpusFolder('main'))).code).toBe(0)
    const after = await snapshot(ours.url)
    expect(after.journal).toHaveLength(6)
    expect(after.data['bakery.suppliers']).toMatch(/^2 rows /)
  })
})

describe('corpus drizzle/concurrently: uniqueIndex().concurrently() as drizzle-kit writes it', () => {
  it('fails in drizzle-orm migrate() with 25001 and applies with ours: valid indexes, journal complete', async () => {
    const theirs = await db()
    await expect(migrateWithDrizzle(theirs.url, corpusFolder('concurrently'))).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '25001' }),
    })
    const ours = await db()
    const reference = await db()
    expect((await migrateCli(ours.url, corpusFolder('concurrently'))).code).toBe(0)
    await migrateCli(reference.url, corpusFolder('main'))
    const a = await snapshot(ours.url)
    const b = await snapshot(reference.url)
    expect(a.journal).toHaveLength(7)
    expect(a.objects.filter((o) => !b.objects.includes(o))).toEqual([
      'index bakery.orders_created_at_idx CREATE INDEX orders_created_at_idx ON bakery.orders USING btree (created_at)',
      'index bakery.products_sku_key CREATE UNIQUE INDEX products_sku_key ON bakery.products USING btree (sku)',
    ])
    expect(a.data).toEqual(b.data)
  })
})
