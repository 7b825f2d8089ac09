import { relative, sep } from 'node:path'

/** What a batch of changed files asks of one service, applied in this order. */
export interface ServiceChange {
  service: string
  /** `turbo run build` for it: its src/ (or service-base's) changed. */
  rebuild: boolean
  /** Run its migration entry before restarting: its drizzle/ folder changed. */
  migrate: boolean
  /** Its drizzle schema (src/db/) changed: check a migration holds the change before restarting. */
  schema: boolean
}

const isTest = (path: string) => /\.test\.ts$/.test(path) || path.includes('/test/')

/**
 * Pure: changed absolute paths → per service, rebuild and/or migrate, then restart. `drizzle/` needs
 * no rebuild (migrate.js and main.js read it at run time) but the migration entry must run first,
 * as the Job runs before the Deployment rolls. Tests, docs and other files ask for nothing.
 */
export function planChanges(
  paths: readonly string[],
  root: string,
  services: readonly string[],
): ServiceChange[] {
  const plan = new Map<string, ServiceChange>()
  const mark = (service: string, key: 'rebuild' | 'migrate' | 'schema') => {
    const entry = plan.get(service) ?? { service, rebuild: false, migrate: false, schema: false }
    entry[key] = true
    plan.set(service, entry)
  }
  for (const absolute of paths) {
    const path = relative(root, absolute).split(sep).join('/')
    if (isTest(path)) continue
    const [top, name, folder] = path.split('/')
    if (top === 'packages' && name === 'service-base' && folder === 'src') {
      for (const service of services) mark(service, 'rebuild')
    } else if (top === 'services' && name && services.includes(name)) {
      if (folder === 'src') mark(name, 'rebuild')
      if (folder === 'src' && path.split('/')[3] === 'db') mark(name, 'schema')
      else if (folder === 'drizzle') mark(name, 'migrate')
    }
  }
  return services.flatMap((s) => plan.get(s) ?? [])
}

/** The folders whose changes `planChanges` acts on. */
export function watchedFolders(root: string, services: readonly string[]): string[] {
  return [
    `${root}packages/service-base/src`,
    ...services.flatMap((s) => [`${root}services/${s}/src`, `${root}services/${s}/drizzle`]),
  ]
}
