import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeMigrationFolder } from '../testing/migration-folder.js'
import { detectMigrationLayout, folderMillis, folderNameForJournalEntry } from './folder-layout.js'
import { readMigrationBundle } from './migration-bundle.js'

/** A drizzle-kit 1.0 style folder: `<name>/migration.sql` (+ snapshot.json) per entry. */
async function writeV1Folder(specs: Array<{ name: string; sql: string }>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'bakery-v1-'))
  for (const s of specs) {
    await mkdir(join(folder, s.name))
    await writeFile(join(folder, s.name, 'migration.sql'), s.sql)
    await writeFile(join(folder, s.name, 'snapshot.json'), '{}')
  }
  return folder
}

describe('detectMigrationLayout', () => {
  it('reads a drizzle-kit 0.x folder as the journal layout', async () => {
    const folder = await writeMigrationFolder([{ tag: '0000_a', sql: 'SELECT 1;' }])
    expect(detectMigrationLayout(folder)).toBe('journal')
  })

  it('reads <timestamp>_<name>/migration.sql folders as the 1.0 layout', async () => {
    const folder = await writeV1Folder([{ name: '20250102030405_init', sql: 'SELECT 1;' }])
    expect(detectMigrationLayout(folder)).toBe('folders')
  })

  it('refuses a folder holding both layouts, as after a half-finished drizzle-kit up', async () => {
    const folder = await writeMigrationFolder([{ tag: '0000_a', sql: 'SELECT 1;' }])
    await mkdir(join(folder, '20250102030405_a'))
    await writeFile(join(folder, '20250102030405_a', 'migration.sql'), 'SELECT 1;')
    expect(() => detectMigrationLayout(folder)).toThrow(
      expect.objectContaining({ code: 'SVC_DB_JOURNAL_INVALID' }),
    )
  })

  it('names both layouts when a folder holds neither', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'bakery-empty-'))
    expect(() => detectMigrationLayout(folder)).toThrow(
      expect.objectContaining({
        code: 'SVC_DB_NO_MIGRATION_FILES',
        message: expect.stringContaining('<timestamp>_<name>/migration.sql'),
      }),
    )
  })
})

describe('folder names', () => {
  it('names a journal entry the way drizzle-kit up names its folder (UTC, tag without its number)', () => {
    // 2024-03-05T06:07:08.999Z
    expect(folderNameForJournalEntry('0003_add_price_now', Date.UTC(2024, 2, 5, 6, 7, 8, 999))).toBe(
      '20240305060708_add_price_now',
    )
  })

  it('dates a folder to the second, as drizzle-orm 1.0 records created_at', () => {
    expect(folderMillis('20240305060708_x')).toBe(Date.UTC(2024, 2, 5, 6, 7, 8))
    expect(folderMillis('init')).toBeNaN()
  })
})

describe('readMigrationBundle on the 1.0 layout', () => {
  it('orders folders by name, not by creation, and takes name and created_at from the folder', async () => {
    const folder = await writeV1Folder([
      { name: '20250102030405_b', sql: 'SELECT 2;' },
      { name: '20250101000000_a', sql: 'SELECT 1;\n--> statement-breakpoint\nSELECT 11;' },
    ])
    const bundle = await readMigrationBundle(folder)
    expect(bundle.layout).toBe('folders')
    expect(bundle.migrations.map((m) => [m.index, m.tag, m.name, m.createdAt])).toEqual([
      [0, '20250101000000_a', '20250101000000_a', Date.UTC(2025, 0, 1)],
      [1, '20250102030405_b', '20250102030405_b', Date.UTC(2025, 0, 2, 3, 4, 5)],
    ])
    expect(bundle.migrations[0]?.statements).toEqual(['SELECT 1;', 'SELECT 11;'])
  })

  it('refuses a migration folder whose name has no timestamp', async () => {
    const folder = await writeV1Folder([{ name: 'init', sql: 'SELECT 1;' }])
    await expect(readMigrationBundle(folder)).rejects.toMatchObject({ code: 'SVC_DB_JOURNAL_INVALID' })
  })

  it('lists loose .sql files and folders without migration.sql, which drizzle 1.0 never runs', async () => {
    const folder = await writeV1Folder([{ name: '20250101000000_a', sql: 'SELECT 1;' }])
    await writeFile(join(folder, '0001_loose.sql'), 'SELECT 2;')
    await mkdir(join(folder, '20250101000001_empty'))
    expect((await readMigrationBundle(folder)).unlistedFiles).toEqual([
      '0001_loose.sql',
      '20250101000001_empty/',
    ])
  })
})
