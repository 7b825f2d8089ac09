import type { Sql } from 'postgres'
import { relationsOf, type SqlStatement } from './sql-statements.js'

/** A session that held or queued for a lock a migration statement needed. */
export interface LockBlocker {
  pid: number
  applicationName: string
  state: string | null
  /** How long its transaction has been open, ms (null: no transaction). */
  transactionAgeMs: number | null
  queryStart: string | null
  /** Its locks on the statement's tables, e.g. `RowExclusiveLock`, `AccessShareLock (waiting)`. */
  locks: string | null
  query: string
}

/*
 * Read after the statement gave up (55P03), so pg_blocking_pids() of our session is empty by then:
 * list instead the sessions holding or awaiting locks on the tables the statement names. A
 * CONCURRENTLY statement also waits for every older transaction to end, so for one of those any
 * session with an open transaction is listed.
 */
const BLOCKERS_QUERY = `
SELECT a.pid, a.application_name, a.state,
       (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint AS xact_age_ms,
       a.query_start::text AS query_start,
       string_agg(DISTINCT l.mode || CASE WHEN l.granted THEN '' ELSE ' (waiting)' END, ', ') AS locks,
       left(a.query, 200) AS query
  FROM pg_stat_activity a
  LEFT JOIN pg_locks l ON l.pid = a.pid
   AND l.relation IN (SELECT to_regclass(r) FROM json_array_elements_text($1::text::json) r)
 WHERE a.pid <> pg_backend_pid() AND a.datname = current_database() AND a.backend_type = 'client backend'
 GROUP BY a.pid, a.application_name, a.state, a.xact_start, a.query_start, a.query
HAVING count(l.pid) > 0 OR ($2::text = 'true' AND a.xact_start IS NOT NULL)
 ORDER BY a.xact_start NULLS LAST, a.pid`

export async function findLockBlockers(sql: Sql, statements: SqlStatement[]): Promise<LockBlocker[]> {
  const relations = statements.flatMap((s) => relationsOf(s.node))
  const concurrent = statements.some((s) => s.kind === 'non-transactional')
  const rows = await sql.unsafe(BLOCKERS_QUERY, [JSON.stringify(relations), String(concurrent)])
  return rows.map((r) => ({
    pid: r.pid,
    applicationName: r.application_name,
    state: r.state,
    transactionAgeMs: r.xact_age_ms === null ? null : Number(r.xact_age_ms),
    queryStart: r.query_start,
    locks: r.locks,
    query: r.query,
  }))
}
