-- Custom SQL migration file, put your code below! --
CREATE TABLE IF NOT EXISTS "bakery"."suppliers" ("id" serial PRIMARY KEY, "name" text NOT NULL UNIQUE);
--> statement-breakpoint
INSERT INTO "bakery"."suppliers" ("name") VALUES ('mill'), ('dairy') ON CONFLICT DO NOTHING;
