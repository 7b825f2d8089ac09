-- Custom SQL migration file, put your code below! --
-- Unqualified names below resolve through search_path; SET LOCAL ends with the transaction.
SET LOCAL search_path TO bakery, public;
--> statement-breakpoint
INSERT INTO products (id, name, price, sku) SELECT md5('p' || g)::uuid, 'product ' || g, g * 1.5, 'sku-' || g FROM generate_series(1, 20) g;
--> statement-breakpoint
INSERT INTO orders (customer, product_id, created_at) SELECT 'customer ' || g, md5('p' || (g % 20 + 1))::uuid, '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 hour' FROM generate_series(1, 200) g;
--> statement-breakpoint
UPDATE orders SET status = 'baked' WHERE id % 3 = 0;
--> statement-breakpoint
RESET search_path;
