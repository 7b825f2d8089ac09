import { describe, expect, it } from 'vitest'
import type { DatabaseState } from './database-state.js'
import type { MigrationBundle } from './migration-bundle.js'
import { describeStatus, formatStatus } from './migration-status.js'

const bundle: MigrationBundle = {
  folder: '/drizzle',
  layout: 'folders',
  unlistedFiles: [],
  migrations: [
    {
      index: 0,
      tag: '20250101000000_a',
      name: '20250101000000_a',
      createdAt: Date.UTC(2025, 0, 1),
      hash: 'ha',
      statements: [],
    },
  ],
}
const state = (tableVersion: 0 | 1): DatabaseState => ({
  database: 'db',
  user: 'u',
  tableCount: 1,
  hasMigrationsTable: true,
  tableVersion,
  rows: [
    {
      id: 1,
      hash: 'ha',
      createdAt: Date.UTC(2025, 0, 1) + 123,
      name: tableVersion ? '20250101000000_a' : null,
    },
    { id: 2, hash: 'hx', createdAt: Date.UTC(2025, 0, 2), name: tableVersion ? '20250102000000_x' : null },
  ],
  canCreate: false,
  invalidIndexes: [],
})

describe('describeStatus', () => {
  it('reports the layout and the table version', () => {
    expect(describeStatus('svc', bundle, state(1))).toMatchObject({ layout: 'folders', tableVersion: 1 })
  })

  it('warns that drizzle 1.0 would refuse a 0.x table holding rows the folder does not know', () => {
    expect(formatStatus(describeStatus('svc', bundle, state(0)))).toContain(
      "drizzle-orm 1.0's first migrate() would refuse this database",
    )
    expect(formatStatus(describeStatus('svc', bundle, state(1)))).not.toContain('would refuse')
  })

  it("says why a file never runs in the folder's own layout, naming the journal only in 0.x's", () => {
    const folders = formatStatus(
      describeStatus('svc', { ...bundle, unlistedFiles: ['stray.sql', 'notes/'] }, state(1)),
    )
    expect(folders).toContain('warning: stray.sql')
    expect(folders).toContain('<timestamp>_<name>/migration.sql')
    expect(folders).not.toContain('_journal.json')
    const journal = formatStatus(
      describeStatus('svc', { ...bundle, layout: 'journal', unlistedFiles: ['0001_lost.sql'] }, state(1)),
    )
    expect(journal).toContain('warning: 0001_lost.sql is not listed in meta/_journal.json')
  })
})
