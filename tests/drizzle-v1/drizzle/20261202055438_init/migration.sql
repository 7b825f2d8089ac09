CREATE TYPE "product_kind" AS ENUM('bread', 'pastry');--> statement-breakpoint
CREATE TABLE "products" (
	"id" serial PRIMARY KEY,
	"name" text NOT NULL,
	"sku" text NOT NULL UNIQUE,
	"kind" "product_kind" NOT NULL,
	"legacy_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
