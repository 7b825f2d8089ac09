import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The monorepo root: this file runs from tooling/platform/{src,dist}/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** Where the list lives: the one place a service is declared. */
export const serviceListPath = `${repoRoot}services.json`

/** The local port of `pnpm dev`'s first service is this base + 1 (Skaffold forwards the same ports). */
export const DEFAULT_PORT_BASE = 3000

export interface PlatformService {
  /** services/<name>, image bakery-ia/<name>, database <name>, roles <name>_owner / <name>_app. */
  name: string
  /** Its local port under `pnpm dev` (default port base) and Skaffold's port-forward. */
  port: number
}

/**
 * A service name is a Kubernetes name, a PostgreSQL identifier unquoted and the prefix of `_owner`
 * and `-migrate`: lower-case letters and digits only, so none of those needs quoting or escaping.
 */
export const SERVICE_NAME = /^[a-z][a-z0-9]{1,30}$/

export class ServiceListError extends Error {
  readonly code = 'PLATFORM_SERVICE_LIST_INVALID'
}

/** Pure: checks a parsed services.json and returns its services, reporting every problem at once. */
export function parseServiceList(json: unknown, where = 'services.json'): PlatformService[] {
  const services = (json as { services?: unknown })?.services
  if (!Array.isArray(services)) throw new ServiceListError(`${where}: expected { "services": [...] }`)
  const problems: string[] = []
  const seen = new Set<string>()
  const ports = new Set<number>()
  for (const [i, entry] of services.entries()) {
    const { name, port } = (entry ?? {}) as Partial<PlatformService>
    if (typeof name !== 'string' || !SERVICE_NAME.test(name))
      problems.push(`services[${i}].name must match ${SERVICE_NAME} (got ${JSON.stringify(name)})`)
    else if (seen.has(name)) problems.push(`services[${i}]: "${name}" is declared twice`)
    else seen.add(name)
    if (typeof port !== 'number' || !Number.isInteger(port) || port <= DEFAULT_PORT_BASE || port > 65535)
      problems.push(
        `services[${i}].port must be an integer above ${DEFAULT_PORT_BASE} (got ${JSON.stringify(port)})`,
      )
    else if (ports.has(port)) problems.push(`services[${i}]: port ${port} is taken by another service`)
    else ports.add(port)
  }
  if (problems.length > 0)
    throw new ServiceListError(`${where} is invalid; fix these and run again:\n  ${problems.join('\n  ')}`)
  return services as PlatformService[]
}

/** Reads the root services.json (at every call, so a generated service is seen at once). */
export function loadServices(path: string = serviceListPath): PlatformService[] {
  return parseServiceList(JSON.parse(readFileSync(path, 'utf8')), path)
}

/** The services' names, in the list's order. */
export function loadServiceNames(path?: string): string[] {
  return loadServices(path).map((s) => s.name)
}
