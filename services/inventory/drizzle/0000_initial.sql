CREATE TABLE "ingredients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"unit" text NOT NULL,
	"reorder_point" numeric(18, 3) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingredients_unit_check" CHECK ("ingredients"."unit" IN ('kg', 'g', 'l', 'ml', 'unit')),
	CONSTRAINT "ingredients_reorder_point_check" CHECK ("ingredients"."reorder_point" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_levels" (
	"ingredient_id" uuid PRIMARY KEY NOT NULL,
	"quantity" numeric(18, 3) DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_levels_quantity_non_negative" CHECK ("stock_levels"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ingredient_id" uuid NOT NULL,
	"type" text NOT NULL,
	"quantity" numeric(18, 3) NOT NULL,
	"balance_after" numeric(18, 3) NOT NULL,
	"reason" text,
	"reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movements_type_check" CHECK ("stock_movements"."type" IN ('receipt', 'consumption', 'waste', 'adjustment')),
	CONSTRAINT "stock_movements_sign_check" CHECK (("stock_movements"."type" = 'receipt' AND "stock_movements"."quantity" > 0)
        OR ("stock_movements"."type" IN ('consumption', 'waste') AND "stock_movements"."quantity" < 0)
        OR ("stock_movements"."type" = 'adjustment' AND "stock_movements"."quantity" <> 0 AND "stock_movements"."reason" IS NOT NULL)),
	CONSTRAINT "stock_movements_balance_after_check" CHECK ("stock_movements"."balance_after" >= 0)
);
--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_ingredient_id_ingredients_id_fk" FOREIGN KEY ("ingredient_id") REFERENCES "public"."ingredients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_ingredient_id_ingredients_id_fk" FOREIGN KEY ("ingredient_id") REFERENCES "public"."ingredients"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ingredients_name_lower_key" ON "ingredients" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "stock_movements_ingredient_id_id_idx" ON "stock_movements" USING btree ("ingredient_id","id" DESC NULLS LAST);