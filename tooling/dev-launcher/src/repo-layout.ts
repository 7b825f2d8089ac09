import { fileURLToPath } from 'node:url'

/** The monorepo root: this file runs from tooling/dev-launcher/{src,dist}/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** The Kubernetes dev overlay's PostgreSQL init files, executed as they are (never copied). */
export const overlaySqlDir = `${repoRoot}infrastructure/kubernetes/overlays/dev/postgres`

export interface ServiceSpec {
  name: string
  /** Added to the port base (3000 by default): 3001 external, 3002 orders, 3003 inventory, as Skaffold forwards. */
  portOffset: number
  /** services/<name>, where `node dist/main.js` and `node dist/migrate.js` run, as in the image's /app. */
  dir: string
}

function service(name: string, portOffset: number): ServiceSpec {
  return { name, portOffset, dir: `${repoRoot}services/${name}` }
}

/** Every service, in skaffold.yaml's order (a test keeps the two in step). */
export const SERVICES: readonly ServiceSpec[] = [
  service('external', 1),
  service('orders', 2),
  service('inventory', 3),
]
