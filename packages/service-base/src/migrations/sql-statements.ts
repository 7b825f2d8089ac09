import { MigrationSqlInvalidError } from '../errors.js'

type Parser = typeof import('libpg-query')
let parser: Promise<Parser> | undefined

/**
 * PostgreSQL's own parser (libpg-query, WebAssembly), loaded on first use: only the migration Job and
 * the lint need it, never a service that verifies (it costs ~60 ms and a few MB).
 */
export function loadSqlParser(): Promise<Parser> {
  parser ??= import('libpg-query').then(async (m) => {
    await m.loadModule()
    return m
  })
  return parser
}

/**
 * - `transaction-control`: BEGIN/START/COMMIT/END/ROLLBACK/ABORT/PREPARE TRANSACTION/COMMIT PREPARED:
 *   the file manages transactions itself.
 * - `non-transactional`: PostgreSQL refuses it inside a transaction block (SQLSTATE 25001).
 * - `transactional`: anything else.
 */
export type StatementKind = 'transaction-control' | 'non-transactional' | 'transactional'

export interface SqlStatement {
  /** The statement's text as written (without the `;`). */
  text: string
  kind: StatementKind
  /** The parse tree of the statement (libpg-query's JSON form). */
  node: Record<string, unknown>
}

const TRANSACTION_CONTROL = new Set([
  'TRANS_STMT_BEGIN',
  'TRANS_STMT_START',
  'TRANS_STMT_COMMIT',
  'TRANS_STMT_ROLLBACK',
  'TRANS_STMT_PREPARE',
  'TRANS_STMT_COMMIT_PREPARED',
  'TRANS_STMT_ROLLBACK_PREPARED',
])

/** Statement types PostgreSQL always refuses in a transaction block (PreventInTransactionBlock). */
const ALWAYS_OUTSIDE = new Set([
  'CreatedbStmt',
  'DropdbStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'AlterSystemStmt',
  'CreateSubscriptionStmt',
  'DropSubscriptionStmt',
])

/** Splits SQL into statements with PostgreSQL's parser; comments and quoting are the parser's business. */
export async function parseStatements(sql: string, source = 'SQL'): Promise<SqlStatement[]> {
  const { parseSync } = await loadSqlParser()
  let result: ReturnType<typeof parseSync>
  try {
    result = parseSync(sql)
  } catch (cause) {
    throw new MigrationSqlInvalidError(
      `${source} is not valid PostgreSQL: ${(cause as Error).message}. Fix the SQL (drizzle-kit output is always valid; check hand-written parts).`,
      { source },
      { cause },
    )
  }
  // Locations are byte offsets into the UTF-8 text.
  const bytes = Buffer.from(sql, 'utf8')
  return (result.stmts ?? []).map((raw) => {
    const start = raw.stmt_location ?? 0
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length
    const node = (raw.stmt ?? {}) as Record<string, unknown>
    return { text: bytes.subarray(start, end).toString('utf8').trim(), kind: classify(node), node }
  })
}

function classify(node: Record<string, unknown>): StatementKind {
  const [type, body] = Object.entries(node)[0] ?? []
  const b = (body ?? {}) as Record<string, unknown>
  if (type === 'TransactionStmt')
    return TRANSACTION_CONTROL.has(String(b.kind)) ? 'transaction-control' : 'transactional'
  if (type && ALWAYS_OUTSIDE.has(type)) return 'non-transactional'
  // VACUUM, not ANALYZE (the same node).
  if (type === 'VacuumStmt') return b.is_vacuumcmd === true ? 'non-transactional' : 'transactional'
  return isConcurrent(type, b) ? 'non-transactional' : 'transactional'
}

/** CREATE [UNIQUE] INDEX / DROP INDEX / REINDEX / DETACH PARTITION ... CONCURRENTLY, and a bare CLUSTER. */
function isConcurrent(type: string | undefined, b: Record<string, unknown>): boolean {
  switch (type) {
    case 'IndexStmt':
    case 'DropStmt':
      return b.concurrent === true
    case 'ReindexStmt':
      return ((b.params as Array<{ DefElem?: { defname?: string } }>) ?? []).some(
        (p) => p.DefElem?.defname === 'concurrently',
      )
    case 'AlterTableStmt':
      return (
        (b.cmds as Array<{ AlterTableCmd?: { def?: { PartitionCmd?: { concurrent?: boolean } } } }>) ?? []
      ).some((c) => c.AlterTableCmd?.def?.PartitionCmd?.concurrent === true)
    case 'ClusterStmt':
      return b.relation === undefined
    default:
      return false
  }
}

/** A table or index a statement names: its quoted, possibly schema-qualified name. */
export function quotedName(r: { schemaname?: string; relname?: string }): string {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`
  return r.schemaname ? `${q(r.schemaname)}.${q(r.relname ?? '')}` : q(r.relname ?? '')
}

/** Every relation (RangeVar) a statement's parse tree names, quoted. */
export function relationsOf(node: unknown): string[] {
  const found = new Set<string>()
  // A RangeVar appears under many keys (relation, pktable, ...) and always carries `relname`.
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) for (const x of n) walk(x)
    else if (n && typeof n === 'object') {
      const r = n as { schemaname?: string; relname?: unknown }
      if (typeof r.relname === 'string') found.add(quotedName(r as { relname: string }))
      for (const v of Object.values(n)) walk(v)
    }
  }
  walk(node)
  return [...found]
}

/** For `CREATE INDEX CONCURRENTLY name ON t`: the index's quoted name, in the table's schema. */
export function concurrentIndexName(s: SqlStatement): string | undefined {
  const idx = s.node.IndexStmt as
    | { idxname?: string; concurrent?: boolean; relation?: { schemaname?: string } }
    | undefined
  if (!idx?.concurrent || !idx.idxname) return undefined
  return quotedName({ schemaname: idx.relation?.schemaname, relname: idx.idxname })
}
