import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readMigrationBundle, runMigrateCli } from '@bakery/service-base/migrate'
import { describe, expect, it } from 'vitest'
import {
  databasePerTest,
  drizzleKit,
  journalFolder,
  migrateWithOurs,
  scratchCopies,
  v1Folder,
} from './helpers.js'

const db = databasePerTest()
const copyOf = scratchCopies()

async function cli(url: string, folder: string, argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = []
  const code = await runMigrateCli({
    service: 'v1compat',
    migrationsFolder: folder,
    argv,
    env: { DATABASE_URL: url, DB_CONNECT_TIMEOUT: '5', LOG_LEVEL: 'silent' },
    write: (text) => void out.push(text),
  })
  return { code, out: out.join('\n') }
}

describe('the migrate CLI on the drizzle-kit 1.0 layout', () => {
  it('applies, verifies and reports the layout and the table version', async () => {
    const d = await db()
    expect((await cli(d.url, v1Folder, ['apply'])).code).toBe(0)
    expect((await cli(d.url, v1Folder, ['verify'])).code).toBe(0)
    const status = await cli(d.url, v1Folder, ['status', '--json'])
    expect(JSON.parse(status.out)).toMatchObject({
      layout: 'folders',
      tableVersion: 1,
      counts: { applied: 4, pending: 0, unknown: 0 },
    })
  })

  it('warns in status that drizzle-orm 1.0 would refuse a 0.x table ahead of the folder', async () => {
    const d = await db()
    await migrateWithOurs(d.url, journalFolder)
    const rolledBack = await copyOf(journalFolder)
    await drizzleKit('up', rolledBack)
    const last = (await readMigrationBundle(rolledBack)).migrations.at(-1)?.tag as string
    await rm(join(rolledBack, last), { recursive: true })

    const status = await cli(d.url, rolledBack, ['status'])
    expect(status.code).toBe(0)
    expect(status.out).toContain("drizzle-orm 1.0's first migrate() would refuse this database")
    expect(JSON.parse((await cli(d.url, rolledBack, ['status', '--json'])).out)).toMatchObject({
      layout: 'folders',
      tableVersion: 0,
      counts: { applied: 2, unknown: 1 },
    })
  })
})
