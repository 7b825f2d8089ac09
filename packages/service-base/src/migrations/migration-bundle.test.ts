import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { describe, expect, it } from 'vitest'
import { writeMigrationFolder } from '../testing/migration-folder.js'
import { readMigrationBundle } from './migration-bundle.js'

describe('readMigrationBundle', () => {
  it('computes the same hash and timestamp as drizzle-orm for every file', async () => {
    const folder = await writeMigrationFolder([
      { tag: '0000_a', sql: 'CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE TABLE b (id int);' },
      { tag: '0001_b', sql: 'ALTER TABLE a ADD COLUMN n text;' },
    ])
    const ours = await readMigrationBundle(folder)
    const theirs = readMigrationFiles({ migrationsFolder: folder })
    expect(ours.migrations.map((x) => [x.hash, x.createdAt])).toEqual(
      theirs.map((x) => [x.hash, x.folderMillis]),
    )
    expect(ours.migrations[0]?.statements).toEqual(['CREATE TABLE a (id int);', 'CREATE TABLE b (id int);'])
  })

  it('fails with SVC_DB_NO_MIGRATION_FILES when the folder has no journal', async () => {
    await expect(readMigrationBundle('/nonexistent/drizzle')).rejects.toMatchObject({
      code: 'SVC_DB_NO_MIGRATION_FILES',
      message: expect.stringContaining('drizzle/ folder'),
    })
  })

  it('fails with SVC_DB_NO_MIGRATION_FILES when the journal is empty', async () => {
    const folder = await writeMigrationFolder([])
    await expect(readMigrationBundle(folder)).rejects.toMatchObject({ code: 'SVC_DB_NO_MIGRATION_FILES' })
  })

  it('names a journal entry whose file is missing', async () => {
    const folder = await writeMigrationFolder([{ tag: '0000_a', sql: 'SELECT 1;' }])
    const journal = JSON.stringify({
      entries: [
        { idx: 0, when: 1, tag: '0000_a' },
        { idx: 1, when: 2, tag: '0001_gone' },
      ],
    })
    await writeFile(join(folder, 'meta', '_journal.json'), journal)
    await expect(readMigrationBundle(folder)).rejects.toMatchObject({
      code: 'SVC_DB_JOURNAL_INVALID',
      message: expect.stringContaining('0001_gone'),
    })
  })

  it('refuses two entries with the same timestamp, which drizzle could not tell apart', async () => {
    const folder = await writeMigrationFolder([
      { tag: '0000_a', when: 5, sql: 'SELECT 1;' },
      { tag: '0001_b', when: 5, sql: 'SELECT 2;' },
    ])
    await expect(readMigrationBundle(folder)).rejects.toMatchObject({ code: 'SVC_DB_JOURNAL_INVALID' })
  })

  it('lists .sql files the journal does not mention', async () => {
    const folder = await writeMigrationFolder([{ tag: '0000_a', sql: 'SELECT 1;' }])
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, '0001_lost_in_merge.sql'), 'SELECT 2;')
    expect((await readMigrationBundle(folder)).unlistedFiles).toEqual(['0001_lost_in_merge.sql'])
  })
})
