import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isPlaceholderSql, placeholderFiles } from './dev-migrations.js'
import { driftedTags } from './migration-entry.js'

describe('isPlaceholderSql', () => {
  it('sees the file drizzle-kit generate --custom writes as no migration yet', async () => {
    expect(await isPlaceholderSql('-- Custom SQL migration file, put your code below! --\n')).toBe(true)
    expect(await isPlaceholderSql('\n/* later */\n-- TODO\n\n')).toBe(true)
    expect(await isPlaceholderSql('')).toBe(true)
  })

  it('sees breakpoint markers alone as no statement', async () => {
    expect(await isPlaceholderSql('--> statement-breakpoint\n--> statement-breakpoint\n')).toBe(true)
  })

  it('does not count a statement written inside a comment', async () => {
    expect(await isPlaceholderSql('/* UPDATE orders SET notes = NULL; */\n-- DROP TABLE orders;\n')).toBe(
      true,
    )
    expect(await isPlaceholderSql('/* outer /* nested */ DROP TABLE orders; */')).toBe(true)
  })

  it('sees a statement, even after comments or with comment markers inside a string', async () => {
    expect(await isPlaceholderSql('-- Custom SQL migration file\nUPDATE orders SET notes = NULL;')).toBe(
      false,
    )
    expect(await isPlaceholderSql("SELECT '--';")).toBe(false)
    expect(await isPlaceholderSql("SELECT '/* not a comment */';")).toBe(false)
    expect(await isPlaceholderSql('-- x\n--> statement-breakpoint\nSELECT 1')).toBe(false)
  })

  it('leaves SQL it cannot parse to the runner, which reports the error', async () => {
    expect(await isPlaceholderSql('-- draft\nALTER TABLE')).toBe(false)
  })
})

describe('placeholderFiles', () => {
  it('finds the empty migration in either drizzle-kit layout, and nothing in meta/ or snapshots', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dev-placeholders-'))
    try {
      const files: Record<string, string> = {
        '0000_init.sql': 'CREATE TABLE t (id int);',
        '0001_custom.sql': '-- Custom SQL migration file, put your code below! --\n',
        'meta/_journal.json': '{}',
        '20260101000000_init/migration.sql': 'CREATE TABLE u (id int);',
        '20260102000000_custom/migration.sql': '-- Custom SQL migration file, put your code below! --\n',
        '20260102000000_custom/snapshot.json': '{}',
      }
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(folder, path, '..'), { recursive: true })
        writeFileSync(join(folder, path), text)
      }
      expect(await placeholderFiles(folder)).toEqual([
        '0001_custom.sql',
        '20260102000000_custom/migration.sql',
      ])
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('driftedTags', () => {
  it("reads the drifted migrations from the runner's SVC_DB_MIGRATION_DRIFT line", () => {
    const line = JSON.stringify({ level: 60, code: 'SVC_DB_MIGRATION_DRIFT', drifted: ['0003_backfill'] })
    expect(driftedTags(['{"level":30,"msg":"x"}', line])).toEqual(['0003_backfill'])
    expect(driftedTags(['{"level":60,"code":"MIGRATE_FAILED"}'])).toEqual([])
  })
})
