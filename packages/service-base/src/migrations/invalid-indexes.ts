import type { Sql } from 'postgres'
import type { Logger } from '../logger.js'
import { concurrentIndexName, relationsOf, type SqlStatement } from './sql-statements.js'

/**
 * Drops the named index when it exists and is INVALID: the remains of a CREATE INDEX CONCURRENTLY
 * that was cancelled (lock_timeout, a kill). `IF NOT EXISTS` would otherwise skip it forever and
 * without it every later run fails on 42P07. A valid index of that name is never touched.
 */
export async function dropInvalidIndex(
  sql: Sql,
  statement: SqlStatement,
  log: Logger,
): Promise<string | null> {
  const name = concurrentIndexName(statement)
  if (!name) return null
  const [row] = await sql.unsafe(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
      WHERE i.indexrelid = to_regclass($1) AND NOT i.indisvalid`,
    [name],
  )
  if (!row) return null
  // Under the session's lock_timeout (MIGRATION_LOCK_TIMEOUT), like every migration statement.
  await sql.unsafe(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`)
  log.warn(
    { index: row.name },
    'dropped the INVALID index a cancelled CREATE INDEX CONCURRENTLY left behind, so it is built again',
  )
  return row.name as string
}

/** INVALID indexes on (or among) the relations the statements name. */
export async function invalidIndexesOn(sql: Sql, statements: SqlStatement[]): Promise<string[]> {
  const relations = statements.flatMap((s) => relationsOf(s.node))
  const names = statements.map(concurrentIndexName).filter((n) => n !== undefined)
  if (relations.length + names.length === 0) return []
  const rows = await sql.unsafe(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i
      WHERE NOT i.indisvalid
        AND (i.indrelid IN (SELECT to_regclass(r) FROM json_array_elements_text($1::text::json) r)
          OR i.indexrelid IN (SELECT to_regclass(r) FROM json_array_elements_text($1::text::json) r))
      ORDER BY 1`,
    [JSON.stringify([...relations, ...names])],
  )
  return rows.map((r) => r.name as string)
}
