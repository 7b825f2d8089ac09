import { describe, expect, it } from 'vitest'
import { lintSql } from './lint-sql.js'

describe('lint:allow acknowledgements', async () => {
  const risky = 'ALTER TABLE "orders" ADD CONSTRAINT "c" CHECK ("total" >= 0);'

  it('acknowledges the rule it names, with its reason, for the statement after it', async () => {
    const [finding, ...rest] = await lintSql(
      `-- lint:allow add-check-validated orders is empty at this release\n${risky}`,
    )
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      rule: 'add-check-validated',
      acknowledged: 'orders is empty at this release',
    })
  })

  it('does not carry over to the next statement', async () => {
    const sql = `-- lint:allow add-check-validated reviewed\n${risky}\n--> statement-breakpoint\n${risky}`
    expect((await lintSql(sql)).map((f) => [f.rule, f.acknowledged ?? null])).toEqual([
      ['add-check-validated', 'reviewed'],
      ['add-check-validated', null],
    ])
  })

  it('refuses an acknowledgement without a reason, naming an unknown rule, or acknowledging nothing', async () => {
    expect((await lintSql(`-- lint:allow add-check-validated\n${risky}`)).map((f) => f.rule)).toEqual([
      'add-check-validated',
      'invalid-allow',
    ])
    expect((await lintSql(`-- lint:allow no-such-rule because\n${risky}`)).map((f) => f.rule)).toContain(
      'invalid-allow',
    )
    expect(await lintSql('-- lint:allow rename because\nALTER TABLE "o" ADD COLUMN "n" text;')).toMatchObject(
      [{ rule: 'invalid-allow', message: expect.stringContaining('acknowledges nothing') }],
    )
  })
})

describe('statement splitting', async () => {
  it('keeps function bodies and quoted semicolons inside their statement and reports line numbers', async () => {
    const sql = [
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a; b'; END $$;",
      '--> statement-breakpoint',
      'DROP TABLE "x;y";',
    ].join('\n')
    expect(await lintSql(sql)).toMatchObject([{ rule: 'drop-table', line: 3 }])
  })
})

describe('statement splitting with PostgreSQL parser', () => {
  it('ignores what comments and strings say, and keeps a DO block whole', async () => {
    const sql = [
      '-- DROP TABLE "commented";',
      `/* DROP TABLE "blocked"; */ SELECT '--; DROP TABLE "quoted";';`,
      '--> statement-breakpoint',
      'DO $body$ BEGIN EXECUTE $q$DROP TABLE "dynamic"$q$; END $body$;',
      '--> statement-breakpoint',
      'DROP TABLE "é";',
    ].join('\n')
    expect(await lintSql(sql)).toMatchObject([{ rule: 'drop-table', line: 6, statement: 'DROP TABLE "é"' }])
  })
})
