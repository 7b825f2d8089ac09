import { describe, expect, it } from 'vitest'
import { lintSql } from './lint-sql.js'
import { RULES } from './rules.js'

const NEW_TABLE =
  'CREATE TABLE "fresh" ("id" uuid PRIMARY KEY, "a" text, "b" integer);\n--> statement-breakpoint\n'

/** Per rule: SQL that must trigger it, and nearby SQL that must not. */
const CASES: Record<string, { triggers: string[]; passes: string[] }> = {
  'create-index-blocking': {
    triggers: [
      'CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");',
      'CREATE UNIQUE INDEX IF NOT EXISTS x ON public.orders (lower(name));',
    ],
    passes: [
      'CREATE INDEX CONCURRENTLY "orders_status_idx" ON "orders" ("status");',
      `${NEW_TABLE}CREATE INDEX "fresh_a_idx" ON "public"."fresh" USING btree ("a");`,
    ],
  },
  'drop-index-blocking': {
    triggers: ['DROP INDEX "orders_status_idx";'],
    passes: ['DROP INDEX CONCURRENTLY IF EXISTS "orders_status_idx";'],
  },
  'add-column-not-null-without-default': {
    triggers: [
      'ALTER TABLE "orders" ADD COLUMN "channel" text NOT NULL;',
      'ALTER TABLE orders ADD COLUMN a text, ADD COLUMN b int NOT NULL;',
    ],
    passes: [
      'ALTER TABLE "orders" ADD COLUMN "channel" text DEFAULT \'web\' NOT NULL;',
      'ALTER TABLE "orders" ADD COLUMN "notes" text;',
      `${NEW_TABLE}ALTER TABLE "fresh" ADD COLUMN "c" text NOT NULL;`,
    ],
  },
  'add-column-volatile-default': {
    triggers: ['ALTER TABLE "orders" ADD COLUMN "token" uuid DEFAULT gen_random_uuid();'],
    passes: ['ALTER TABLE "orders" ADD COLUMN "seen_at" timestamptz DEFAULT now();'],
  },
  'alter-column-type': {
    triggers: [
      'ALTER TABLE "orders" ALTER COLUMN "total" SET DATA TYPE numeric(22, 2);',
      'ALTER TABLE orders ALTER total TYPE bigint;',
    ],
    passes: ['ALTER TABLE "orders" ALTER COLUMN "total" SET DEFAULT 0;'],
  },
  'set-not-null': {
    triggers: ['ALTER TABLE "orders" ALTER COLUMN "notes" SET NOT NULL;'],
    passes: [
      'ALTER TABLE "orders" ALTER COLUMN "notes" DROP NOT NULL;',
      `${NEW_TABLE}ALTER TABLE "fresh" ALTER COLUMN "a" SET NOT NULL;`,
    ],
  },
  'drop-column': {
    triggers: ['ALTER TABLE "orders" DROP COLUMN "notes";', 'ALTER TABLE orders DROP IF EXISTS notes;'],
    passes: [
      'ALTER TABLE "orders" DROP CONSTRAINT "orders_total_check";',
      'ALTER TABLE "orders" ALTER COLUMN "a" DROP DEFAULT;',
    ],
  },
  'drop-table': {
    triggers: ['DROP TABLE "orders";', 'DROP TABLE IF EXISTS old_orders CASCADE;'],
    passes: ['DROP TRIGGER "t" ON "orders";', 'DROP FUNCTION "f"();'],
  },
  'add-foreign-key-validated': {
    triggers: [
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id");',
    ],
    passes: [
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_fk" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") NOT VALID;',
      `${NEW_TABLE}ALTER TABLE "fresh" ADD CONSTRAINT "fresh_fk" FOREIGN KEY ("id") REFERENCES "public"."orders"("id") ON DELETE cascade;`,
    ],
  },
  'add-check-validated': {
    triggers: [
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_total_check" CHECK ("orders"."total" >= 0);',
      'ALTER TABLE orders ADD CHECK (total >= 0);',
    ],
    passes: [
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_total_check" CHECK ("orders"."total" >= 0) NOT VALID;',
      'ALTER TABLE "orders" VALIDATE CONSTRAINT "orders_total_check";',
      `${NEW_TABLE}ALTER TABLE "fresh" ADD CONSTRAINT "fresh_b_check" CHECK ("b" > 0);`,
    ],
  },
  'add-unique-blocking': {
    triggers: ['ALTER TABLE "orders" ADD CONSTRAINT "orders_ref_key" UNIQUE ("reference");'],
    passes: [
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_ref_key" UNIQUE USING INDEX "orders_ref_idx";',
      `${NEW_TABLE}ALTER TABLE "fresh" ADD CONSTRAINT "fresh_a_key" UNIQUE ("a");`,
    ],
  },
  rename: {
    triggers: [
      'ALTER TABLE "orders" RENAME COLUMN "notes" TO "remarks";',
      'ALTER TABLE "orders" RENAME TO "purchase_orders";',
      'ALTER TABLE public.orders RENAME CONSTRAINT a TO b;',
    ],
    passes: [
      'ALTER TABLE "orders" ADD COLUMN "renamed_from" text;',
      'COMMENT ON TABLE "orders" IS \'rename me\';',
    ],
  },
}

const rulesOf = async (sql: string) => (await lintSql(sql)).map((f) => f.rule)

describe('migration-lint rules', () => {
  it('has cases for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort())
  })

  for (const [id, { triggers, passes }] of Object.entries(CASES)) {
    describe(id, () => {
      it.each(triggers)('flags %s', async (sql) => {
        expect(await rulesOf(sql)).toContain(id)
      })
      it.each(passes)('does not flag %s', async (sql) => {
        expect(await rulesOf(sql)).not.toContain(id)
      })
    })
  }
})
