import type { Sql } from 'postgres'
import { type ExpectedJournal, expectedJournal, ROW_DIGEST_SQL, rowsMatching } from './journal-digest.js'
import type { BundledMigration } from './migration-bundle.js'
import type { AppliedRow } from './migration-plan.js'
import { MIGRATIONS_TABLE_QUALIFIED } from './migrations-table.js'

/** What verification needs to know about a database, read in one statement. */
export interface DatabaseState {
  database: string
  user: string
  /**
   * Tables outside the system schemas and drizzle's own. Always counted for the CLI; at a service
   * start only when drizzle's table is missing, the one verdict that needs it (see StateOptions).
   */
  tableCount?: number
  hasMigrationsTable: boolean
  /**
   * drizzle's version of the migrations table: 1 when it has drizzle 1.0's `name` column (then
   * `applied_at` too), 0 for the 0.x table (id, hash, created_at) or no table.
   */
  tableVersion: 0 | 1
  rows: AppliedRow[]
  /**
   * The rows are exactly the bundle's migrations, in order (their digest matched, see
   * journal-digest.ts): nothing is pending, drifted, out of order or unknown. Absent means false.
   */
  journalMatches?: boolean
  /** The connected role may run DDL (create in the database or its `public` schema). */
  canCreate: boolean
  /** INVALID indexes (a cancelled CONCURRENTLY build) outside the system schemas, `schema.index`. */
  invalidIndexes: string[]
}

const HAS_NAME_COLUMN = `EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
           WHERE a.attrelid = to_regclass('${MIGRATIONS_TABLE_QUALIFIED}')
             AND a.attname = 'name' AND a.attnum > 0 AND NOT a.attisdropped)`

/*
 * The journal's rows for query_to_xml, through format(): %1$s is the name column (`name`, or NULL in
 * a 0.x table, which has none), %2$L and %3$L the digests the caller expects (see journal-digest.ts).
 * When the rows' digest is one of them, only the digest comes back; otherwise every row does.
 */
const ROWS_QUERY = `SELECT CASE WHEN d IN (%2$L, %3$L) THEN d END AS d,
       CASE WHEN d IN (%2$L, %3$L) THEN NULL
            ELSE (SELECT coalesce(json_agg(json_build_array(id, hash, created_at, %1$s) ORDER BY id), '[]')::text
                    FROM ${MIGRATIONS_TABLE_QUALIFIED}) END AS j
  FROM (SELECT ${ROW_DIGEST_SQL('%1$s')} AS d FROM ${MIGRATIONS_TABLE_QUALIFIED}) s`

const sqlLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`

/*
 * One round trip whatever the number of migrations. The migrations table may not exist, and a plain
 * SELECT from it would fail at parse time, so its rows come through query_to_xml, which runs only
 * when the CASE finds the table; inside, json_agg packs them into one JSON text. The name column is
 * named only when the table has it (drizzle 1.0's), so the same statement serves both table versions.
 */
const TABLE_COUNT = `(SELECT count(*)::int FROM pg_catalog.pg_class c
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drizzle')
      AND n.nspname NOT LIKE 'pg\\_%')`

const stateQuery = (countTables: StateOptions['countTables']) => `
SELECT
  current_database() AS database,
  current_user AS "user",
  ${countTables === 'always' ? TABLE_COUNT : `CASE WHEN to_regclass('${MIGRATIONS_TABLE_QUALIFIED}') IS NULL THEN ${TABLE_COUNT} END`} AS table_count,
  to_regclass('${MIGRATIONS_TABLE_QUALIFIED}') IS NOT NULL AS has_migrations_table,
  CASE WHEN to_regclass('${MIGRATIONS_TABLE_QUALIFIED}') IS NOT NULL THEN
    query_to_xml(format(${sqlLiteral(ROWS_QUERY)},
      CASE WHEN ${HAS_NAME_COLUMN} THEN 'name' ELSE 'NULL::text' END, $1::text, $2::text), false, true, '')::text
  END AS rows_xml,
  (SELECT coalesce(json_agg(format('%I.%I', n.nspname, c.relname) ORDER BY n.nspname, c.relname), '[]')::text
     FROM pg_catalog.pg_index i
     JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT i.indisvalid
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_%') AS invalid_indexes,
  ${HAS_NAME_COLUMN} AS has_name_column,
  has_database_privilege(current_database(), 'CREATE')
    OR CASE WHEN to_regnamespace('public') IS NOT NULL THEN has_schema_privilege('public', 'CREATE') ELSE false END
    AS can_create
`
const STATE_QUERIES = { always: stateQuery('always'), 'without-journal': stateQuery('without-journal') }

export interface StateOptions {
  /**
   * `without-journal`: count the tables only when drizzle's table is missing. Counting scans the
   * catalog (~5 ms in a database of 1,000 tables), which a service start with a journal never
   * needs. Default `always` (status and verify report the count).
   */
  countTables: 'always' | 'without-journal'
}

/**
 * Reads the state in one statement. With `expected` (the bundled migrations), rows that match them
 * exactly come back as a digest only and are rebuilt from the bundle (see journal-digest.ts).
 * `digests` are those of `expected` when already known (a current build manifest).
 */
export async function readDatabaseState(
  sql: Pick<Sql, 'unsafe'>,
  expected?: readonly BundledMigration[],
  digests: ExpectedJournal | undefined = expected ? expectedJournal(expected) : undefined,
): Promise<DatabaseState> {
  return databaseStateFrom(await queryDatabaseState(sql, digests), expected, digests)
}

/** The state statement's one row, as PostgreSQL returned it. */
export type StateRow = Record<string, unknown>

/** Sends the one statement; the bundle is needed only once the answer is in (databaseStateFrom). */
export async function queryDatabaseState(
  sql: Pick<Sql, 'unsafe'>,
  digests: ExpectedJournal | undefined,
  { countTables }: StateOptions = { countTables: 'always' },
): Promise<StateRow> {
  const [r] = await sql.unsafe(STATE_QUERIES[countTables], [digests?.unnamed ?? null, digests?.named ?? null])
  if (!r) throw new Error('state query returned no row')
  return r
}

/** Judges nothing: turns the row into a DatabaseState, rebuilding matched rows from `expected`. */
export function databaseStateFrom(
  // biome-ignore lint/suspicious/noExplicitAny: the row's columns are the statement's, typed below.
  r: Record<string, any>,
  expected: readonly BundledMigration[] | undefined,
  digests: ExpectedJournal | undefined,
): DatabaseState {
  const digest = r.rows_xml ? /<d>([0-9a-f]+)<\/d>/.exec(r.rows_xml)?.[1] : undefined
  const matches = !!(
    digest &&
    expected &&
    digests &&
    (digest === digests.unnamed || digest === digests.named)
  )
  let rows = matches ? undefined : r.rows_xml ? parseRowsXml(r.rows_xml) : []
  return {
    database: r.database,
    user: r.user,
    ...(r.table_count === null ? {} : { tableCount: r.table_count }),
    hasMigrationsTable: r.has_migrations_table,
    tableVersion: r.has_name_column ? 1 : 0,
    // Rebuilt from the bundle on first use only: a start whose journal matched never reads them, and
    // a drizzle 1.0 journal's rows need 1,000 derived names.
    get rows() {
      rows ??= (expected && digests && digest && rowsMatching(expected, digest, digests)) || []
      return rows
    },
    journalMatches: matches,
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
