import { describe, expect, it } from 'vitest'
import { lintSql } from './lint-sql.js'

describe('lint:allow acknowledgements', () => {
  const risky = 'ALTER TABLE "orders" ADD CONSTRAINT "c" CHECK ("total" >= 0);'

  it('acknowledges the rule it names, with its reason, for the statement after it', () => {
    const [finding, ...rest] = lintSql(
      `-- lint:allow add-check-validated orders is empty at this release\n${risky}`,
    )
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      rule: 'add-check-validated',
      acknowledged: 'orders is empty at this release',
    })
  })

  it('does not carry over to the next statement', () => {
    const sql = `-- lint:allow add-check-validated reviewed\n${risky}\n--> statement-breakpoint\n${risky}`
    expect(lintSql(sql).map((f) => [f.rule, f.acknowledged ?? null])).toEqual([
      ['add-check-validated', 'reviewed'],
      ['add-check-validated', null],
    ])
  })

  it('refuses an acknowledgement without a reason, naming an unknown rule, or acknowledging nothing', () => {
    expect(lintSql(`-- lint:allow add-check-validated\n${risky}`).map((f) => f.rule)).toEqual([
      'add-check-validated',
      'invalid-allow',
    ])
    expect(lintSql(`-- lint:allow no-such-rule because\n${risky}`).map((f) => f.rule)).toContain(
      'invalid-allow',
    )
    expect(lintSql('-- lint:allow rename because\nALTER TABLE "o" ADD COLUMN "n" text;')).toMatchObject([
      { rule: 'invalid-allow', message: expect.stringContaining('acknowledges nothing') },
    ])
  })
})

describe('statement splitting', () => {
  it('keeps function bodies and quoted semicolons inside their statement and reports line numbers', () => {
    const sql = [
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a; b'; END $$;",
      '--> statement-breakpoint',
      'DROP TABLE "x;y";',
    ].join('\n')
    expect(lintSql(sql)).toMatchObject([{ rule: 'drop-table', line: 3 }])
  })
})
