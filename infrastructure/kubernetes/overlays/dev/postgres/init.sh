#!/bin/sh
# Run by the postgres image's entrypoint (from /docker-entrypoint-initdb.d) on an empty data
# directory only. Creates the service databases and roles, then grants inside each database.
set -eu
sql_dir=/etc/bakery/postgres
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --file "$sql_dir/init-databases.sql"
for db in external orders inventory; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$db" --file "$sql_dir/init-privileges.sql"
done
