import type { PlatformService } from './service-list.js'

// The kustomize files that name services, rendered from services.json. A service's objects come
// from the shared components (infrastructure/kubernetes/components/service-*); what is truly its own
// lives in infrastructure/kubernetes/services/<svc>/ (its name, and optional api/ or migrations/
// components with its own patches, e.g. external's weather provider).

export type Overlay = 'dev' | 'prod'
export type Layer = 'migrations' | 'services'

/** The service's own extra components, when it has them (services/<svc>/{migrations,api}). */
export interface ServiceExtras {
  migrations: boolean
  api: boolean
}

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization'

/** Pure: infrastructure/kubernetes/services/<svc>/kustomization.yaml. */
export function renderServiceComponent(name: string): string {
  return `# ${name}'s own lines: its name (service.yaml). Its objects come from ../../components/service-*;
# what only ${name} needs goes in a component here (api/, migrations/), as external/api does.
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
  - service.yaml
`
}

/** Pure: infrastructure/kubernetes/services/<svc>/service.yaml, the object the components read. */
export function renderServiceValues(name: string): string {
  return `# The name the shared components (../../components/service-*) give every object of ${name}.
# Local-config: read by kustomize's replacements, never rendered or applied.
apiVersion: bakery-ia.local/v1
kind: PlatformService
metadata:
  name: ${name}
  annotations:
    config.kubernetes.io/local-config: "true"
`
}

/** Pure: overlays/<overlay>/<layer>/<svc>/kustomization.yaml, what Skaffold's <svc>[-migrations] renders. */
export function renderServiceLayer(
  overlay: Overlay,
  layer: Layer,
  name: string,
  extras: ServiceExtras,
): string {
  const migrations = layer === 'migrations'
  const own = migrations ? extras.migrations : extras.api
  const components = [
    `../../../../services/${name}`,
    `../../../../components/${migrations ? 'service-migration' : 'service-api'}`,
    ...(own ? [`../../../../services/${name}/${migrations ? 'migrations' : 'api'}`] : []),
    ...(overlay === 'prod' ? [`../../../../components/${migrations ? 'prod-migration' : 'prod-api'}`] : []),
  ]
  const what = migrations ? 'migration layer' : 'API layer'
  const config = migrations ? `${name}-migrations` : name
  const secret = migrations ? `${name}-db-migrate` : `${name}-db-app`
  const role = migrations ? `${name}_owner` : `${name}_app`
  const head =
    overlay === 'dev'
      ? `# ${name}'s ${what} in development (Skaffold config \`${config}\`), with the Secret of the role
# ${role} that ../../postgres/init-databases.sql creates.`
      : `# ${name}'s ${what} in production (Skaffold config \`${config}\`); its Secret ${secret} is
# created out of band (../../secrets.example.yaml).`
  const secretGenerator =
    overlay === 'dev'
      ? `secretGenerator:
  - name: ${secret}
    literals:
      - DATABASE_URL=postgres://${role}:${role}_dev@postgres:5432/${name}
`
      : ''
  return `${head}
${KUSTOMIZATION}
namespace: bakery-ia
components:
${components.map((c) => `  - ${c}\n`).join('')}${secretGenerator}`
}

/** Pure: overlays/<overlay>/<layer>/kustomization.yaml, every service's layer at once. */
export function renderLayerAggregate(layer: Layer, names: readonly string[]): string {
  const what = layer === 'migrations' ? 'migration layer' : 'API layer'
  const config = layer === 'migrations' ? '`<svc>-migrations`' : '`<svc>`'
  return `# GENERATED from services.json (tooling/platform). Every service's ${what} at once, for reading
# and for the tests; Skaffold applies each service's own (config ${config}).
${KUSTOMIZATION}
resources:
${names.map((n) => `  - ${n}\n`).join('')}`
}

/** Pure: overlays/prod/secrets.example.yaml, the Secrets production needs per service. */
export function renderSecretsExample(names: readonly string[]): string {
  const secret = (name: string, suffix: string, role: string) => `---
apiVersion: v1
kind: Secret
metadata:
  name: ${name}-db-${suffix}
  namespace: bakery-ia
type: Opaque
stringData:
  DATABASE_URL: postgres://${name}_${role}:CHANGE_ME@db.example.internal:5432/${name}?sslmode=require
`
  return `# GENERATED from services.json (tooling/platform).
# Example only: NOT part of any kustomization. Production Secrets are created out of band (sealed
# secrets, External Secrets, or by hand) before the first deploy, one pair per service:
#   <svc>-db-migrate  DATABASE_URL of the schema owner role <svc>_owner (migration Job, DDL)
#   <svc>-db-app      DATABASE_URL of the runtime role <svc>_app (Deployment, DML only)
# kubectl apply -f secrets.example.yaml only after replacing every placeholder.
${names.map((n) => secret(n, 'migrate', 'owner') + secret(n, 'app', 'app')).join('')}`
}

/** Pure: every kustomize file derived from the list, by path relative to infrastructure/kubernetes. */
export function renderKustomizeFiles(
  services: readonly PlatformService[],
  extras: (name: string) => ServiceExtras,
): Map<string, string> {
  const files = new Map<string, string>()
  const names = services.map((s) => s.name)
  for (const name of names) {
    files.set(`services/${name}/kustomization.yaml`, renderServiceComponent(name))
    files.set(`services/${name}/service.yaml`, renderServiceValues(name))
  }
  for (const overlay of ['dev', 'prod'] as const) {
    for (const layer of ['migrations', 'services'] as const) {
      files.set(`overlays/${overlay}/${layer}/kustomization.yaml`, renderLayerAggregate(layer, names))
      for (const name of names)
        files.set(
          `overlays/${overlay}/${layer}/${name}/kustomization.yaml`,
          renderServiceLayer(overlay, layer, name, extras(name)),
        )
    }
  }
  files.set('overlays/prod/secrets.example.yaml', renderSecretsExample(names))
  return files
}
