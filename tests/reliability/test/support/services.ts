import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export type ServiceName = 'external' | 'orders' | 'inventory'
export const SERVICES: readonly ServiceName[] = ['external', 'orders', 'inventory']

const require = createRequire(import.meta.url)

/** The service package's directory, where `dist/main.js` and `dist/migrate.js` run from. */
export function serviceDir(name: ServiceName): string {
  return dirname(require.resolve(`@bakery/${name}/package.json`))
}

export function migrationsFolder(name: ServiceName): string {
  return join(serviceDir(name), 'drizzle')
}

/** The dev overlay's init SQL: the reliability tests set roles up exactly as it does. */
export const devPostgresDir = join(
  serviceDir('orders'),
  '..',
  '..',
  'infrastructure/kubernetes/overlays/dev/postgres',
)
