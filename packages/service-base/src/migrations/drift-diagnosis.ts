import { type BundledMigration, hashMigration, migrationSource } from './migration-bundle.js'
import type { PlanEntry } from './migration-plan.js'

const BOM = '\uFEFF'

/**
 * Why an applied migration's file no longer matches its recorded hash, when the reason is only
 * encoding: a Windows checkout (`core.autocrlf`) turns LF into CRLF, an editor adds or drops a BOM.
 * Hashes stay byte-for-byte drizzle's, so these are drift; this says so plainly.
 */
export function encodingOnlyDifference(m: BundledMigration, appliedHash: string): string | undefined {
  const text = migrationSource(m)
  if (text === undefined) return undefined
  const hasBom = text.startsWith(BOM)
  const body = hasBom ? text.slice(1) : text
  const lf = body.replaceAll('\r\n', '\n')
  const crlf = lf.replaceAll('\n', '\r\n')
  const endings = body.includes('\r\n') ? 'CRLF (the applied file had LF)' : 'LF (the applied file had CRLF)'
  const bom = hasBom ? 'a BOM the applied file did not have' : 'no BOM where the applied file had one'
  const swapped = body.includes('\r\n') ? lf : crlf
  const keep = hasBom ? BOM : ''
  const toggle = hasBom ? '' : BOM
  const candidates: Array<[string, string]> = [
    [keep + swapped, `line endings: the file has ${endings}`],
    [toggle + body, `BOM: the file has ${bom}`],
    [toggle + swapped, `line endings and BOM: the file has ${endings} and ${bom}`],
  ]
  for (const [variant, reason] of candidates) {
    if (variant !== text && hashMigration(variant) === appliedHash) return reason
  }
  return undefined
}

/** `0001_x (differs only by line endings: ...)`, for drift messages. */
export function describeDrifted(entries: readonly PlanEntry[]): string {
  return entries
    .map((e) => {
      const why = e.row ? encodingOnlyDifference(e.migration, e.row.hash) : undefined
      return why
        ? `${e.migration.tag} (differs only by ${why}; restore the exact bytes: \`git add --renormalize\` with the repository's .gitattributes pinning LF, or \`repair\` if the applied text is the one to drop)`
        : e.migration.tag
    })
    .join(', ')
}
