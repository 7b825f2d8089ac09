import { writeFile } from 'node:fs/promises'
import { EXECUTION_PLANS_FORMAT, type ExecutionPlansFile } from './execution-plans.js'
import { readMigrationBundle } from './migration-bundle.js'
import { planExecution } from './migration-execution.js'
import { buildMigrationManifest } from './migration-manifest.js'

/*
 * The files the service build writes beside its bundle. Only the build imports this module (through
 * `@bakery/service-base/build`): the Job and the service read these files and never write them, so
 * what writing needs (node:fs/promises, ~3 ms of every start) stays out of their bundles.
 */

/** Parses every migration of `folder` and writes their plans to `file` (dist/migration-plans.json). */
export async function writeExecutionPlans(folder: string, file: string): Promise<number> {
  const bundle = await readMigrationBundle(folder)
  const plans: ExecutionPlansFile = { format: EXECUTION_PLANS_FORMAT, plans: {} }
  for (const m of bundle.migrations) {
    // SQL the parser refuses gets no plan: the Job parses it at run time and fails with the reason.
    const plan = await planExecution(m).catch(() => undefined)
    if (plan) plans.plans[m.hash] = plan
  }
  await writeFile(file, JSON.stringify(plans))
  return Object.keys(plans.plans).length
}

/** Writes the manifest of `folder` to `file` (dist/migration-manifest.json, see migration-manifest.ts). */
export async function writeMigrationManifest(folder: string, file: string): Promise<number> {
  const manifest = await buildMigrationManifest(folder)
  if (!manifest) return 0
  await writeFile(file, JSON.stringify(manifest))
  return manifest.tags.length
}
