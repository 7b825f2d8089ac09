import { appendFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readMigrationBundle, verifyDatabase } from '@bakery/service-base/migrate'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import {
  databasePerTest,
  journalFolder,
  journalRows,
  migrateWithDrizzle,
  migrateWithOurs,
  scratchCopies,
  v1Folder,
  verifyWithOurs,
} from './helpers.js'

const db = databasePerTest()
const copyOf = scratchCopies()
const tags = async () => (await readMigrationBundle(v1Folder)).migrations.map((m) => m.tag)

/** Our guarantees, unchanged under drizzle-kit 1.0's layout, next to what drizzle-orm 1.0 does. */
describe('engine rules on the drizzle-kit 1.0 layout', () => {
  it('verifies in one SQL statement on either table version', async () => {
    const [v0, v1] = await Promise.all([db(), db()])
    await migrateWithOurs(v0.url, journalFolder)
    await migrateWithDrizzle(v1.url, v1Folder)
    const counts: number[] = []
    for (const [url, folder] of [
      [v0.url, journalFolder],
      [v1.url, v1Folder],
    ] as const) {
      const bundle = await readMigrationBundle(folder)
      let statements = 0
      const sql = postgres(url, { max: 1, fetch_types: false, debug: () => void statements++ })
      try {
        await sql`SELECT 1` // open the connection first, so only verification is counted
        statements = 0
        const result = await verifyDatabase(sql, bundle, { service: 'v1compat', strict: false })
        expect(result).toMatchObject({ action: 'verified', ahead: [] })
      } finally {
        await sql.end()
      }
      counts.push(statements)
    }
    expect(counts).toEqual([1, 1])
  })

  it('refuses a folder missing before an applied one in name order, which drizzle 1.0 applies silently', async () => {
    const [ours, theirs] = await Promise.all([db(), db()])
    const [, , third] = await tags()
    const gap = await copyOf(v1Folder)
    await rm(join(gap, third as string), { recursive: true })
    await migrateWithOurs(ours.url, gap)
    await migrateWithOurs(theirs.url, gap)

    await expect(verifyWithOurs(ours.url, v1Folder)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATION_OUT_OF_ORDER',
      message: expect.stringContaining(third as string),
    })
    await expect(migrateWithOurs(ours.url, v1Folder)).rejects.toMatchObject({
      code: 'SVC_DB_MIGRATION_OUT_OF_ORDER',
    })
    await migrateWithDrizzle(theirs.url, v1Folder)
    const [a, b, c, d] = await tags()
    expect((await journalRows(theirs.url)).map((r) => r.name)).toEqual([a, b, d, c])
  })

  it('refuses an applied migration.sql edited afterwards, which drizzle 1.0 does not notice', async () => {
    const d = await db()
    await migrateWithOurs(d.url, v1Folder)
    const edited = await copyOf(v1Folder)
    const [first] = await tags()
    await appendFile(join(edited, first as string, 'migration.sql'), '\n-- edited after it ran\n')

    await expect(verifyWithOurs(d.url, edited)).rejects.toMatchObject({ code: 'SVC_DB_MIGRATION_DRIFT' })
    await expect(migrateWithOurs(d.url, edited)).rejects.toMatchObject({ code: 'SVC_DB_MIGRATION_DRIFT' })
    await expect(migrateWithDrizzle(d.url, edited)).resolves.toBeUndefined()
  })

  it('lets four runners start at once on an empty database: all succeed, each migration recorded once', async () => {
    const d = await db()
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => migrateWithOurs(d.url, v1Folder)),
    )
    expect(results.map((r) => r.status)).toEqual(Array(4).fill('fulfilled'))
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.applied : []))
    expect(applied).toHaveLength(4)
    expect((await journalRows(d.url)).map((r) => r.name)).toEqual(await tags())
  })
})
