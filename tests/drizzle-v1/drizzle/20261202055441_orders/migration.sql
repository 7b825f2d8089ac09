CREATE TABLE "orders" (
	"id" serial PRIMARY KEY,
	"product_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "orders_product_idx" ON "orders" ("product_id");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_product_id_products_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id");