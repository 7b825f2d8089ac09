import { join } from 'node:path'
import { loadServiceNames, repoRoot } from '@bakery/platform'

/** A service of the platform (services.json); the per-service suites name theirs. */
export type ServiceName = string
/** Every service, from the platform's one list: the generic suites cover each. */
export const SERVICES: readonly ServiceName[] = loadServiceNames()

/** The service package's directory, where `dist/main.js` and `dist/migrate.js` run from. */
export function serviceDir(name: ServiceName): string {
  return join(repoRoot, 'services', name)
}

export function migrationsFolder(name: ServiceName): string {
  return join(serviceDir(name), 'drizzle')
}
