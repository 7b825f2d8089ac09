-- Custom SQL migration file, put your code below! --
COMMIT;
--> statement-breakpoint
CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_status_idx" ON "bakery"."orders" USING btree ("status");
--> statement-breakpoint
BEGIN;
--> statement-breakpoint
ALTER TABLE "bakery"."orders" ADD COLUMN IF NOT EXISTS "note" text;
