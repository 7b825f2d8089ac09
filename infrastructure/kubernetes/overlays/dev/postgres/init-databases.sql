-- Development databases: one database per service, each with two roles.
--   <svc>_owner  owns the database and its schemas; the migration Job connects as it (DDL).
--   <svc>_app    the running service; DML on what the owner creates, no DDL.
-- Run once, as a superuser, connected to the `postgres` database, on a fresh cluster (CREATE DATABASE
-- cannot run in a transaction, so this file is not idempotent). Then run init-privileges.sql once in
-- each of the three databases. Used by the dev overlay's PostgreSQL (see init.sh) and reusable by a
-- local launcher with any client that executes plain SQL statements.
-- The passwords are development-only and match overlays/dev/{migrations,services}/kustomization.yaml.

CREATE ROLE external_owner LOGIN PASSWORD 'external_owner_dev';
CREATE ROLE external_app LOGIN PASSWORD 'external_app_dev';
CREATE DATABASE external OWNER external_owner;

CREATE ROLE orders_owner LOGIN PASSWORD 'orders_owner_dev';
CREATE ROLE orders_app LOGIN PASSWORD 'orders_app_dev';
CREATE DATABASE orders OWNER orders_owner;

CREATE ROLE inventory_owner LOGIN PASSWORD 'inventory_owner_dev';
CREATE ROLE inventory_app LOGIN PASSWORD 'inventory_app_dev';
CREATE DATABASE inventory OWNER inventory_owner;

-- Only a service's own roles may connect to its database.
REVOKE ALL ON DATABASE external, orders, inventory FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE external TO external_app;
GRANT CONNECT, TEMPORARY ON DATABASE orders TO orders_app;
GRANT CONNECT, TEMPORARY ON DATABASE inventory TO inventory_app;
