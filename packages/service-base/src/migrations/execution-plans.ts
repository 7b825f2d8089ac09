import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { readMigrationBundle } from './migration-bundle.js'
import { type MigrationExecution, planExecution } from './migration-execution.js'

/**
 * How each migration of a folder runs (mode, units, PostgreSQL's parse of every statement), decided
 * at build time and keyed by the file's sha256: the Job then applies a bundled migration without
 * loading the parser (WebAssembly: ~120 ms of wall time and most of an apply's CPU). A plan is a
 * function of the file's text only, so a file whose hash matches gets exactly the plan the parser
 * would give it now; any other file (edited, or a folder read at run time) is parsed as before.
 */
export type ExecutionPlans = ReadonlyMap<string, MigrationExecution>

/** Bumped whenever MigrationExecution's shape changes: a file of another format is ignored. */
const FORMAT = 1

interface PlansFile {
  format: number
  plans: Record<string, MigrationExecution>
}

/** Parses every migration of `folder` and writes their plans to `file` (the service build does this). */
export async function writeExecutionPlans(folder: string, file: string): Promise<number> {
  const bundle = await readMigrationBundle(folder)
  const plans: PlansFile = { format: FORMAT, plans: {} }
  for (const m of bundle.migrations) {
    // SQL the parser refuses gets no plan: the Job parses it at run time and fails with the reason.
    const plan = await planExecution(m).catch(() => undefined)
    if (plan) plans.plans[m.hash] = plan
  }
  await writeFile(file, JSON.stringify(plans))
  return Object.keys(plans.plans).length
}

/** The plans written at build time; none when the file is absent or of another format. */
export function readExecutionPlans(file: string | undefined): ExecutionPlans {
  if (!file) return new Map()
  let parsed: PlansFile
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as PlansFile
  } catch {
    // Absent (running from src/, an image built without it) or unreadable: parse at run time.
    return new Map()
  }
  if (parsed.format !== FORMAT || typeof parsed.plans !== 'object') return new Map()
  return new Map(Object.entries(parsed.plans))
}
