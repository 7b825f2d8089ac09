#!/bin/sh
# Run by the postgres image's entrypoint (from /docker-entrypoint-initdb.d) on an empty data
# directory only. Creates the service databases and roles, then grants inside each database.
set -eu
sql_dir=/etc/bakery/postgres
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --file "$sql_dir/init-databases.sql"
# Every database init-databases.sql created (the ones owned by a role named <db>_owner): no second
# list of the services to keep in step.
databases=$(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --no-align --tuples-only \
  --command "SELECT d.datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = d.datname || '_owner' ORDER BY 1")
for db in $databases; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$db" --file "$sql_dir/init-privileges.sql"
done
