CREATE SCHEMA "bakery";
--> statement-breakpoint
CREATE TYPE "bakery"."order_status" AS ENUM('pending', 'baked');--> statement-breakpoint
CREATE TYPE "public"."unit" AS ENUM('g', 'kg');--> statement-breakpoint
CREATE TABLE "bakery"."orders" (
	"id" serial PRIMARY KEY NOT NULL,
	"customer" text NOT NULL,
	"status" "bakery"."order_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bakery"."products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"price" numeric(10, 2),
	"unit" "unit" DEFAULT 'g' NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "bakery"."orders" USING btree ("customer");