// Regenerates the corpus folders with drizzle-kit itself (the catalog's version), step by step, as a
// project's history would be written. The output under drizzle/ is committed; run `pnpm generate`
// only to change the corpus. Custom migrations are drizzle-kit's `--custom` files with SQL appended.
import { copyFile, cp, readFile, rm, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'

const root = fileURLToPath(new URL('..', import.meta.url))
const current = 'schema/.current.ts'

async function generate(out, schemaStep, name, custom) {
  await copyFile(`${root}schema/${schemaStep}.ts`, `${root}${current}`)
  const args = [
    'generate',
    '--dialect=postgresql',
    `--schema=./${current}`,
    `--out=./drizzle/${out}`,
    `--name=${name}`,
  ]
  if (custom) args.push('--custom')
  await execa('drizzle-kit', args, { cwd: root, preferLocal: true, stdio: 'inherit' })
  if (!custom) return
  const journal = JSON.parse(await readFile(`${root}drizzle/${out}/meta/_journal.json`, 'utf8'))
  const file = `${root}drizzle/${out}/${journal.entries.at(-1).tag}.sql`
  await writeFile(file, `${await readFile(file, 'utf8')}\n${custom.trim()}\n`)
}

const auditTrigger = `
CREATE TABLE IF NOT EXISTS "bakery"."order_audit" ("id" serial PRIMARY KEY, "order_id" integer NOT NULL, "status" text NOT NULL, "changed_at" timestamptz DEFAULT now() NOT NULL);
--> statement-breakpoint
DO $$
BEGIN
  -- Guarded, as hand-written migrations often are: re-running must not fail.
  IF NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'bakery' AND p.proname = 'log_order_change') THEN
    CREATE FUNCTION "bakery"."log_order_change"() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO "bakery"."order_audit" ("order_id", "status") VALUES (NEW."id", NEW."status"::text);
      RETURN NEW;
    END
    $fn$;
  END IF;
END $$;
--> statement-breakpoint
CREATE TRIGGER "orders_audit" AFTER UPDATE OF "status" ON "bakery"."orders" FOR EACH ROW EXECUTE FUNCTION "bakery"."log_order_change"();`

const backfill = `
-- Unqualified names below resolve through search_path; SET LOCAL ends with the transaction.
SET LOCAL search_path TO bakery, public;
--> statement-breakpoint
INSERT INTO products (id, name, price, sku) SELECT md5('p' || g)::uuid, 'product ' || g, g * 1.5, 'sku-' || g FROM generate_series(1, 20) g;
--> statement-breakpoint
INSERT INTO orders (customer, product_id, created_at) SELECT 'customer ' || g, md5('p' || (g % 20 + 1))::uuid, '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 hour' FROM generate_series(1, 200) g;
--> statement-breakpoint
UPDATE orders SET status = 'baked' WHERE id % 3 = 0;
--> statement-breakpoint
RESET search_path;`

// The idiom drizzle users write to escape drizzle-orm's single transaction for one statement.
const idiom = `
COMMIT;
--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_status_idx" ON "bakery"."orders" USING btree ("status");
--> statement-breakpoint
BEGIN;
--> statement-breakpoint
ALTER TABLE "bakery"."orders" ADD COLUMN IF NOT EXISTS "note" text;`

const branchFeature = `
CREATE TABLE IF NOT EXISTS "bakery"."suppliers" ("id" serial PRIMARY KEY, "name" text NOT NULL UNIQUE);
--> statement-breakpoint
INSERT INTO "bakery"."suppliers" ("name") VALUES ('mill'), ('dairy') ON CONFLICT DO NOTHING;`

await rm(`${root}drizzle`, { recursive: true, force: true })
await generate('main', 'step-1', 'initial')
await generate('main', 'step-1', 'audit_trigger', auditTrigger)
await generate('main', 'step-2', 'enum_additions')
await generate('main', 'step-2', 'backfill', backfill)
await generate('main', 'step-2', 'concurrent_index_idiom', idiom)
await generate('main', 'step-2', 'branch_feature', branchFeature)
// A branch merge: the last migration was generated on a branch before 0004 existed, so its journal
// timestamp is older than the migration before it.
const journalPath = `${root}drizzle/main/meta/_journal.json`
const journal = JSON.parse(await readFile(journalPath, 'utf8'))
const [, , , third, fourth, last] = journal.entries
last.when = Math.floor((third.when + fourth.when) / 2)
await writeFile(journalPath, `${JSON.stringify(journal, null, 2)}\n`)
// drizzle/concurrently: the same history plus uniqueIndex().concurrently() and index().concurrently().
await cp(`${root}drizzle/main`, `${root}drizzle/concurrently`, { recursive: true })
await generate('concurrently', 'step-3', 'concurrent_indexes')
await rm(`${root}${current}`)
