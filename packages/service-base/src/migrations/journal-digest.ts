import { hash } from 'node:crypto'
import type { BundledMigration } from './migration-bundle.js'
import type { AppliedRow } from './migration-plan.js'

/**
 * A service verifies that drizzle's journal holds exactly its bundled migrations. Instead of sending
 * every row to the service (their cost grew with the list: 1,000 rows took ~3x the time of 10), the
 * state query computes one sha256 over the rows in id order and compares it with the digests of the
 * journal this build expects; only when they differ does it return the rows, so the error still says
 * exactly what is wrong.
 *
 * Each row is encoded unambiguously, with byte lengths before its free-text fields:
 * `created_at:len(hash):hash:len(name):name`, or `created_at:len(hash):hash:-:` without a name
 * (a 0.x table, or rows a 0.x tool wrote), rows joined by `,`.
 */
export const ROW_DIGEST_SQL = (nameColumn: string) =>
  `encode(sha256(convert_to(coalesce(string_agg(coalesce(created_at::text, '') || ':' || octet_length(hash) || ':' || hash || ':' || coalesce(octet_length(${nameColumn})::text || ':' || ${nameColumn}, '-:'), ',' ORDER BY id), ''), 'UTF8')), 'hex')`

export interface ExpectedJournal {
  /** Every migration recorded without a name (drizzle 0.x's table, or rows it wrote). */
  unnamed: string
  /** Every migration recorded with the name drizzle 1.0 gives it. */
  named: string
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

/** The digests of a journal holding exactly `migrations`, in order, applied by each drizzle version. */
export function expectedJournal(migrations: readonly BundledMigration[]): ExpectedJournal {
  const row = (m: BundledMigration, name: string | null) =>
    `${m.createdAt}:${bytes(m.hash)}:${m.hash}:${name === null ? '-:' : `${bytes(name)}:${name}`}`
  const digest = (rows: string[]) => hash('sha256', rows.join(','), 'hex')
  return {
    unnamed: digest(migrations.map((m) => row(m, null))),
    named: digest(migrations.map((m) => row(m, m.name ?? m.tag))),
  }
}

/**
 * The rows a matching digest stands for. Their ids are positions: the real ids were not read, and
 * only their order (the journal's, which the digest covers) matters to the plan.
 */
export function rowsMatching(
  migrations: readonly BundledMigration[],
  digest: string,
  expected: ExpectedJournal,
): AppliedRow[] | undefined {
  if (digest !== expected.unnamed && digest !== expected.named) return undefined
  const named = digest === expected.named
  return migrations.map((m, i) => ({
    id: i + 1,
    hash: m.hash,
    createdAt: m.createdAt,
    name: named ? (m.name ?? m.tag) : null,
  }))
}
