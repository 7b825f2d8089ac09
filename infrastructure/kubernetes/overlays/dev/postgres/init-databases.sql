-- GENERATED from services.json by `pnpm gen:service` (renderInitDatabasesSql in tooling/platform):
-- do not edit; infrastructure/test/service-list.test.ts fails when it is out of date.
-- Development databases: one database per service, each with two roles.
--   <svc>_owner  owns the database and its schemas; the migration Job connects as it (DDL).
--   <svc>_app    the running service; DML on what the owner creates, no DDL.
-- Only a service's own roles may connect to its database. Run once, as a superuser, connected to the
-- `postgres` database, on a fresh cluster (CREATE DATABASE cannot run in a transaction, so this file
-- is not idempotent); then init-privileges.sql once in each database (init.sh does both).
-- The passwords are development-only (<role>_dev) and match the dev overlay's generated Secrets.

CREATE ROLE external_owner LOGIN PASSWORD 'external_owner_dev';
CREATE ROLE external_app LOGIN PASSWORD 'external_app_dev';
CREATE DATABASE external OWNER external_owner;
REVOKE ALL ON DATABASE external FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE external TO external_app;

CREATE ROLE orders_owner LOGIN PASSWORD 'orders_owner_dev';
CREATE ROLE orders_app LOGIN PASSWORD 'orders_app_dev';
CREATE DATABASE orders OWNER orders_owner;
REVOKE ALL ON DATABASE orders FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE orders TO orders_app;

CREATE ROLE inventory_owner LOGIN PASSWORD 'inventory_owner_dev';
CREATE ROLE inventory_app LOGIN PASSWORD 'inventory_app_dev';
CREATE DATABASE inventory OWNER inventory_owner;
REVOKE ALL ON DATABASE inventory FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE inventory TO inventory_app;
