-- Custom SQL migration (drizzle-kit cannot express triggers): the stock ledger is append-only.
-- The runtime role has UPDATE/DELETE on every table (default privileges), so the database itself
-- refuses to rewrite history; a correction is a new `adjustment` movement with a reason.
CREATE FUNCTION "stock_movements_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stock_movements is append-only: % is not allowed; record an adjustment instead', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "stock_movements_append_only"
  BEFORE UPDATE OR DELETE ON "stock_movements"
  FOR EACH ROW EXECUTE FUNCTION "stock_movements_refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "stock_movements_no_truncate"
  BEFORE TRUNCATE ON "stock_movements"
  FOR EACH STATEMENT EXECUTE FUNCTION "stock_movements_refuse_change"();
