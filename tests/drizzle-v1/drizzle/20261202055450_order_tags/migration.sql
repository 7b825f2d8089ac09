CREATE TABLE "order_tags" (
	"order_id" integer,
	"tag" text,
	CONSTRAINT "order_tags_pkey" PRIMARY KEY("order_id","tag")
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "products" DROP COLUMN "legacy_code";--> statement-breakpoint
ALTER TABLE "order_tags" ADD CONSTRAINT "order_tags_order_id_orders_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE;