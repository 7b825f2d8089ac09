import { fileURLToPath } from 'node:url'
import { DEFAULT_PORT_BASE, loadServices } from '@bakery/platform'

/** The monorepo root: this file runs from tooling/dev-launcher/{src,dist}/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface ServiceSpec {
  name: string
  /** Added to the port base (3000 by default): services.json's port less 3000, as Skaffold forwards. */
  portOffset: number
  /** services/<name>, where `node dist/main.js` and `node dist/migrate.js` run, as in the image's /app. */
  dir: string
}

/** Every service, in services.json's order (the platform's one list; skaffold.yaml is rendered from it). */
export const SERVICES: readonly ServiceSpec[] = loadServices().map((s) => ({
  name: s.name,
  portOffset: s.port - DEFAULT_PORT_BASE,
  dir: `${repoRoot}services/${s.name}`,
}))
