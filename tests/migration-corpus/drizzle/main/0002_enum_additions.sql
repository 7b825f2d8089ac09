ALTER TYPE "bakery"."order_status" ADD VALUE 'delivered';--> statement-breakpoint
ALTER TYPE "public"."unit" ADD VALUE 'piece';--> statement-breakpoint
ALTER TABLE "bakery"."orders" ADD COLUMN "product_id" uuid;--> statement-breakpoint
ALTER TABLE "bakery"."products" ADD COLUMN "sku" text;--> statement-breakpoint
ALTER TABLE "bakery"."orders" ADD CONSTRAINT "orders_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "bakery"."products"("id") ON DELETE no action ON UPDATE no action;