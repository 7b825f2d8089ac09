import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readMigrationBundle } from '@bakery/service-base/migrate'
import { afterAll, describe, expect, it } from 'vitest'
import {
  catalogDump,
  databasePerTest,
  journalRows,
  migrateWithDrizzle,
  migrateWithOurs,
  v1Folder,
  verifyWithOurs,
} from './helpers.js'

const db = databasePerTest()
const scratch: string[] = []
afterAll(async () => {
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })))
})

/** The committed 1.0 folder with only its first `count` migrations: an older release. */
async function firstMigrations(count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bakery-drizzle-v1-'))
  scratch.push(dir)
  const { migrations } = await readMigrationBundle(v1Folder)
  for (const m of migrations.slice(0, count))
    await cp(join(v1Folder, m.tag), join(dir, m.tag), { recursive: true })
  return dir
}

describe('our engine and drizzle-orm 1.0 on the drizzle-kit 1.0 layout', () => {
  it('build identical schemas and identical journal rows on two empty databases', async () => {
    const [ours, theirs] = await Promise.all([db(), db()])
    const result = await migrateWithOurs(ours.url, v1Folder)
    await migrateWithDrizzle(theirs.url, v1Folder)

    expect(result.applied).toHaveLength(4)
    const [ourCatalog, theirCatalog] = await Promise.all([catalogDump(ours.url), catalogDump(theirs.url)])
    expect(ourCatalog.length).toBeGreaterThan(30)
    expect(ourCatalog).toEqual(theirCatalog)
    // drizzle 1.0's table, with its two new columns, created by both:
    expect(ourCatalog).toContain('column drizzle.__drizzle_migrations.name text #4')
    expect(ourCatalog).toContain(
      'column drizzle.__drizzle_migrations.applied_at timestamp with time zone default now() #5',
    )

    const [ourRows, theirRows] = await Promise.all([journalRows(ours.url), journalRows(theirs.url)])
    expect(ourRows).toEqual(theirRows)
    expect(ourRows.map((r) => r.name)).toEqual(
      (await readMigrationBundle(v1Folder)).migrations.map((m) => m.tag),
    )
    expect(ourRows.every((r) => r.applied_at)).toBe(true)
  })

  it("each accepts the other's database: nothing pending, nothing applied twice", async () => {
    const [ours, theirs] = await Promise.all([db(), db()])
    await migrateWithOurs(ours.url, v1Folder)
    await migrateWithDrizzle(theirs.url, v1Folder)

    const verified = await verifyWithOurs(theirs.url, v1Folder)
    expect(verified).toMatchObject({ action: 'verified', ahead: [], warnings: [] })
    expect((await migrateWithOurs(theirs.url, v1Folder)).applied).toEqual([])

    const before = await journalRows(ours.url)
    await migrateWithDrizzle(ours.url, v1Folder)
    expect(await journalRows(ours.url)).toEqual(before)
    expect(await journalRows(theirs.url)).toHaveLength(4)
  })

  it('take turns on one database: ours applies the first two, drizzle the rest, ours verifies', async () => {
    const [mixed, reference] = await Promise.all([db(), db()])
    await migrateWithOurs(mixed.url, await firstMigrations(2))
    await migrateWithDrizzle(mixed.url, v1Folder)
    await migrateWithOurs(reference.url, v1Folder)

    expect(await catalogDump(mixed.url)).toEqual(await catalogDump(reference.url))
    expect((await journalRows(mixed.url)).map(({ applied_at, ...r }) => r)).toEqual(
      (await journalRows(reference.url)).map(({ applied_at, ...r }) => r),
    )
    expect(await verifyWithOurs(mixed.url, v1Folder)).toMatchObject({ action: 'verified', warnings: [] })
  })

  it('take turns the other way: drizzle applies the first migration, ours the rest', async () => {
    const [mixed, reference] = await Promise.all([db(), db()])
    await migrateWithDrizzle(mixed.url, await firstMigrations(1))
    const result = await migrateWithOurs(mixed.url, v1Folder)
    await migrateWithDrizzle(reference.url, v1Folder)

    expect(result.applied).toHaveLength(3)
    expect(await catalogDump(mixed.url)).toEqual(await catalogDump(reference.url))
    expect((await journalRows(mixed.url)).map(({ applied_at, ...r }) => r)).toEqual(
      (await journalRows(reference.url)).map(({ applied_at, ...r }) => r),
    )
  })
})
