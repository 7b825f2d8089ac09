import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readMigrationBundle } from '@bakery/service-base/migrate'
import { describe, expect, it } from 'vitest'
import {
  databasePerTest,
  drizzleKit,
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

/** `folder` without its last migration: the build before, as after a rollback. */
async function withoutLast(folder: string): Promise<string> {
  const copy = await copyOf(folder)
  const last = (await readMigrationBundle(copy)).migrations.at(-1)?.tag as string
  await rm(join(copy, last), { recursive: true })
  return copy
}

describe('a database ahead of the code (after a rollback)', () => {
  it('makes drizzle-orm 1.0 refuse to upgrade a 0.x table, while our engine starts with a warning', async () => {
    const d = await db()
    await migrateWithOurs(d.url, journalFolder)
    const converted = await copyOf(journalFolder)
    await drizzleKit('up', converted)
    const rolledBack = await withoutLast(converted)

    await expect(migrateWithDrizzle(d.url, rolledBack)).rejects.toThrow(
      /found 1 migrations \(ids: 3\) in the database that do not match any local migration/,
    )
    const verified = await verifyWithOurs(d.url, rolledBack)
    expect(verified.ahead).toHaveLength(1)
    expect(verified.warnings[0]).toMatch(/ahead of the code/)
    // drizzle's failed upgrade ran in a transaction: the table is still the 0.x one, rows untouched.
    expect((await journalRows(d.url)).map((r) => r.name)).toEqual([null, null, null])
  })

  it('is fixed by letting drizzle 1.0 upgrade the table from the newest folder first; then older builds pass', async () => {
    const d = await db()
    await migrateWithOurs(d.url, journalFolder)
    const converted = await copyOf(journalFolder)
    await drizzleKit('up', converted)
    const rolledBack = await withoutLast(converted)

    await migrateWithDrizzle(d.url, converted)
    await migrateWithDrizzle(d.url, rolledBack)
    expect(await journalRows(d.url)).toHaveLength(3)
    expect((await verifyWithOurs(d.url, rolledBack)).ahead).toHaveLength(1)
  })

  it('never troubles drizzle 1.0 when our engine made the table under the 1.0 layout (rows carry names)', async () => {
    const d = await db()
    await migrateWithOurs(d.url, v1Folder)
    await migrateWithDrizzle(d.url, await withoutLast(v1Folder))
    expect(await journalRows(d.url)).toHaveLength(4)
  })
})
