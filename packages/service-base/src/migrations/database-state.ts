import type { Sql } from 'postgres'
import type { AppliedRow } from './migration-plan.js'
import { MIGRATIONS_TABLE_QUALIFIED } from './migrations-table.js'

/** What verification needs to know about a database, read in one statement. */
export interface DatabaseState {
  database: string
  user: string
  /** Tables outside the system schemas and drizzle's own. */
  tableCount: number
  hasMigrationsTable: boolean
  /**
   * drizzle's version of the migrations table: 1 when it has drizzle 1.0's `name` column (then
   * `applied_at` too), 0 for the 0.x table (id, hash, created_at) or no table.
   */
  tableVersion: 0 | 1
  rows: AppliedRow[]
  /** The connected role may run DDL (create in the database or its `public` schema). */
  canCreate: boolean
  /** INVALID indexes (a cancelled CONCURRENTLY build) outside the system schemas, `schema.index`. */
  invalidIndexes: string[]
}

/*
 * One round trip whatever the number of migrations. The migrations table may not exist, and a plain
 * SELECT from it would fail at parse time, so its rows come through query_to_xml, which runs only
 * when the CASE finds the table; inside, json_agg packs them into one JSON text. `to_jsonb(m)->>'name'`
 * reads drizzle 1.0's column when the table has it and yields null when it does not, so the same
 * statement serves both table versions.
 */
const STATE_QUERY = `
SELECT
  current_database() AS database,
  current_user AS "user",
  (SELECT count(*)::int FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drizzle')
      AND n.nspname NOT LIKE 'pg\\_%') AS table_count,
  to_regclass('${MIGRATIONS_TABLE_QUALIFIED}') IS NOT NULL AS has_migrations_table,
  CASE WHEN to_regclass('${MIGRATIONS_TABLE_QUALIFIED}') IS NOT NULL THEN
    query_to_xml(
      'SELECT coalesce(json_agg(json_build_array(id, hash, created_at, to_jsonb(m)->>''name'') ORDER BY id), ''[]'')::text AS j FROM ${MIGRATIONS_TABLE_QUALIFIED.replaceAll("'", "''")} m',
      false, true, '')::text
  END AS rows_xml,
  (SELECT coalesce(json_agg(format('%I.%I', n.nspname, c.relname) ORDER BY n.nspname, c.relname), '[]')::text
     FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT i.indisvalid
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%') AS invalid_indexes,
  EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
           WHERE a.attrelid = to_regclass('${MIGRATIONS_TABLE_QUALIFIED}')
             AND a.attname = 'name' AND a.attnum > 0 AND NOT a.attisdropped) AS has_name_column,
  has_database_privilege(current_database(), 'CREATE')
    OR CASE WHEN to_regnamespace('public') IS NOT NULL THEN has_schema_privilege('public', 'CREATE') ELSE false END
    AS can_create
`

export async function readDatabaseState(sql: Sql): Promise<DatabaseState> {
  const [r] = await sql.unsafe(STATE_QUERY)
  if (!r) throw new Error('state query returned no row')
  return {
    database: r.database,
    user: r.user,
    tableCount: r.table_count,
    hasMigrationsTable: r.has_migrations_table,
    tableVersion: r.has_name_column ? 1 : 0,
    rows: r.rows_xml ? parseRowsXml(r.rows_xml) : [],
    canCreate: r.can_create,
    invalidIndexes: JSON.parse(r.invalid_indexes) as string[],
  }
}

/** Parses `<row><j>[[id,hash,created_at,name],...]</j></row>` as produced by the query above. */
export function parseRowsXml(xml: string): AppliedRow[] {
  const match = /<j>([\s\S]*)<\/j>/.exec(xml)
  if (!match?.[1]) return []
  const json = match[1]
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
  const tuples = JSON.parse(json) as Array<[number, string, number | string | null, string | null]>
  return tuples.map(([id, hash, createdAt, name]) => ({ id, hash, createdAt: Number(createdAt ?? 0), name }))
}
