import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { checkSchemaMatchesMigrations } from '@bakery/service-base/testing'
import type { ServiceSpec } from './repo-layout.js'

/** Pure: the `.sql` files drizzle-kit wrote into the copy that the service's folder does not have. */
export function newMigrationFiles(before: readonly string[], after: readonly string[]): string[] {
  return after.filter((f) => f.endsWith('.sql') && !before.includes(f)).sort()
}

/**
 * Whether the service's drizzle schema holds changes that no migration does: `drizzle-kit generate`
 * on a temporary copy of its `drizzle/` folder (the real one is never touched) writes a new file.
 * Returns the command that writes the migration, or undefined when the schema and migrations agree.
 */
export async function missingMigration(
  service: ServiceSpec,
  schema = './src/db/schema.ts',
): Promise<string | undefined> {
  const before = await readdir(join(service.dir, 'drizzle'))
  const check = await checkSchemaMatchesMigrations({ serviceDir: service.dir, schema })
  if (newMigrationFiles(before, check.files).length === 0) return undefined
  return `pnpm --filter @bakery/${service.name} exec drizzle-kit generate --name <what_changed>`
}
