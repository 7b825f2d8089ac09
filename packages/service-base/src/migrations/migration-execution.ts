import type { BundledMigration } from './migration-bundle.js'
import { parseStatements, type SqlStatement } from './sql-statements.js'

/**
 * How a migration runs, decided from PostgreSQL's parse of its statements:
 * - `transaction`: ours, one per migration, the journal row inside it (drizzle's chunks as units);
 * - `autocommit`: it holds statements PostgreSQL refuses in a transaction (CREATE INDEX CONCURRENTLY,
 *   VACUUM...): each statement on its own, the row recorded after the last one;
 * - `as-written`: the file controls transactions itself (`COMMIT;` ... `BEGIN;`): run it inside a
 *   transaction that the file may end and re-open, with the row and a final COMMIT after it — exactly
 *   what drizzle-orm's migrate() does, so the idiom users write against drizzle means the same here.
 */
export type ExecutionMode = 'transaction' | 'autocommit' | 'as-written'

export interface ExecutionUnit {
  /** SQL sent in one simple-protocol query. */
  text: string
  statements: SqlStatement[]
}

export interface MigrationExecution {
  mode: ExecutionMode
  units: ExecutionUnit[]
}

export async function planExecution(m: BundledMigration): Promise<MigrationExecution> {
  const chunks: ExecutionUnit[] = []
  for (const text of m.statements) {
    const statements = await parseStatements(text, `${m.tag}.sql`)
    // A chunk that is only comments is nothing to send.
    if (statements.length > 0) chunks.push({ text, statements })
  }
  const all = chunks.flatMap((c) => c.statements)
  const mode: ExecutionMode = all.some((s) => s.kind === 'transaction-control')
    ? 'as-written'
    : all.some((s) => s.kind === 'non-transactional')
      ? 'autocommit'
      : 'transaction'
  // Outside our transaction a multi-statement query would run as one implicit transaction, so every
  // statement goes on its own.
  const units = mode === 'transaction' ? chunks : all.map((s) => ({ text: s.text, statements: [s] }))
  return { mode, units }
}
