import { readMigrationBundle } from '@bakery/service-base/migrate'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { describe, expect, it } from 'vitest'
import { drizzleKit, v1Folder } from './helpers.js'

describe('the committed drizzle-kit 1.0 folder', () => {
  it('passes drizzle-kit 1.0 check', async () => {
    const out = await drizzleKit('check', v1Folder)
    expect(out).toContain("Everything's fine")
  })

  it('is in sync with the last schema: drizzle-kit 1.0 generate finds nothing to do', async () => {
    const out = await drizzleKit('generate', v1Folder, ['--schema', './schema/step-4.ts'])
    expect(out).toMatch(/No schema changes/i)
  })

  it('reads as drizzle-orm 1.0 reads it: same order, names, created_at and hashes', async () => {
    const ours = await readMigrationBundle(v1Folder)
    const theirs = readMigrationFiles({ migrationsFolder: v1Folder })
    expect(ours.layout).toBe('folders')
    expect(ours.migrations).toHaveLength(4)
    expect(ours.migrations.map((m) => [m.name, m.createdAt, m.hash])).toEqual(
      theirs.map((m) => [m.name, m.folderMillis, m.hash]),
    )
    expect(ours.migrations.map((m) => m.statements.length)).toEqual(
      theirs.map((m) => m.sql.filter((s) => s.trim() !== '').length),
    )
    expect(ours.unlistedFiles).toEqual([])
  })
})
