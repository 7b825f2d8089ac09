-- Grants the runtime role of the current database DML on everything its owner role creates.
-- Run once in each service database (connected to it, as a superuser or as <db>_owner), after
-- init-databases.sql. Generic: the role names are derived from current_database(), so the same file
-- serves external, orders and inventory. Default privileges are per database, hence one run each.
DO $$
DECLARE
  owner_role text := current_database() || '_owner';
  app_role text := current_database() || '_app';
BEGIN
  -- The owner (database owner, so also owner of `public` since PostgreSQL 15) creates everything.
  EXECUTE format('ALTER SCHEMA public OWNER TO %I', owner_role);
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
  -- Schemas, tables and sequences the migrations create later (including the migration journal's
  -- own schema, which the service reads to verify) become usable by the app role, DML only. The
  -- migration Job (DB_RUNTIME_ROLE) then takes back write access to drizzle's journal: a service
  -- reads its migration history, never rewrites it.
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT USAGE ON SCHEMAS TO %I', owner_role, app_role);
  EXECUTE format(
    'ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
    owner_role, app_role);
  EXECUTE format(
    'ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT USAGE, SELECT ON SEQUENCES TO %I', owner_role, app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I GRANT EXECUTE ON FUNCTIONS TO %I', owner_role, app_role);
END
$$;
