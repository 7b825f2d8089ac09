-- Custom SQL migration file, put your code below! --
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
CREATE TRIGGER "orders_audit" AFTER UPDATE OF "status" ON "bakery"."orders" FOR EACH ROW EXECUTE FUNCTION "bakery"."log_order_change"();
