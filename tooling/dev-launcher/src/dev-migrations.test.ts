import { describe, expect, it } from 'vitest'
import { isPlaceholderSql } from './dev-migrations.js'
import { driftedTags } from './migration-entry.js'

describe('isPlaceholderSql', () => {
  it('sees the file drizzle-kit generate --custom writes as no migration yet', () => {
    expect(isPlaceholderSql('-- Custom SQL migration file, put your code below! --\n')).toBe(true)
    expect(isPlaceholderSql('\n/* later */\n-- TODO\n\n')).toBe(true)
  })

  it('sees a statement, even after comments or with dashes inside a string', () => {
    expect(isPlaceholderSql('-- Custom SQL migration file\nUPDATE orders SET notes = NULL;')).toBe(false)
    expect(isPlaceholderSql("SELECT '--';")).toBe(false)
  })
})

describe('driftedTags', () => {
  it("reads the drifted migrations from the runner's SVC_DB_MIGRATION_DRIFT line", () => {
    const line = JSON.stringify({ level: 60, code: 'SVC_DB_MIGRATION_DRIFT', drifted: ['0003_backfill'] })
    expect(driftedTags(['{"level":30,"msg":"x"}', line])).toEqual(['0003_backfill'])
    expect(driftedTags(['{"level":60,"code":"MIGRATE_FAILED"}'])).toEqual([])
  })
})
