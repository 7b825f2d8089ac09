import { readFileSync } from 'node:fs'
import type { MigrationExecution } from './migration-execution.js'

/**
 * How each migration of a folder runs (mode, units, PostgreSQL's parse of every statement), decided
 * at build time and keyed by the file's sha256: the Job then applies a bundled migration without
 * loading the parser (WebAssembly: ~120 ms of wall time and most of an apply's CPU). A plan is a
 * function of the file's text only, so a file whose hash matches gets exactly the plan the parser
 * would give it now; any other file (edited, or a folder read at run time) is parsed as before.
 */
export type ExecutionPlans = ReadonlyMap<string, MigrationExecution>

/** Bumped whenever MigrationExecution's shape changes: a file of another format is ignored. */
export const EXECUTION_PLANS_FORMAT = 1

/** The file's shape (`writeExecutionPlans` in build-files.ts writes it). */
export interface ExecutionPlansFile {
  format: number
  plans: Record<string, MigrationExecution>
}

/** The plans written at build time; none when the file is absent or of another format. */
export function readExecutionPlans(file: string | undefined): ExecutionPlans {
  if (!file) return new Map()
  let parsed: ExecutionPlansFile
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as ExecutionPlansFile
  } catch {
    // Absent (running from src/, an image built without it) or unreadable: parse at run time.
    return new Map()
  }
  if (parsed.format !== EXECUTION_PLANS_FORMAT || typeof parsed.plans !== 'object') return new Map()
  return new Map(Object.entries(parsed.plans))
}
