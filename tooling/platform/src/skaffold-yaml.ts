import type { PlatformService } from './service-list.js'

// skaffold.yaml, rendered from services.json: one pair of configs (modules) per service.

const PROFILES = `    activeProfiles:
      - name: dev
        activatedBy: [dev]
      - name: prod
        activatedBy: [prod]`

const HEADER = `# GENERATED from services.json by \`pnpm gen:service\` (tooling/platform/src/skaffold-yaml.ts): edit
# the generator, not this file; infrastructure/test/service-list.test.ts fails when it is out of date.
#
# One platform config, then two configs (Skaffold modules) per service, linked with \`requires\`:
#   bakery-platform     namespace, shared ConfigMap, network policies (+ PostgreSQL in dev)
#   <svc>-migrations    builds bakery-ia/<svc>; applies the service's ServiceAccount and migration Job
#                       and WAITS for the Job (after-deploy hook); a Failed Job or a timeout fails it
#   <svc>               the service's Deployment, Service, PDB, NetworkPolicy; requires <svc>-migrations
# \`skaffold dev\` deploys every config in dependency order, the file's order otherwise: the platform,
# every migration Job (each awaited), then every service. \`skaffold dev -m orders\` deploys only
# bakery-platform, orders-migrations and orders.
# Profiles: \`dev\` (default overlay, in-cluster PostgreSQL) and \`prod\` (managed PostgreSQL).
# \`-p\` is forwarded to the required configs through \`activeProfiles\`.
# Run from the repository root: the hooks use paths relative to it. See infrastructure/README.md.
apiVersion: skaffold/v4beta14
kind: Config
metadata:
  name: bakery-platform
manifests:
  kustomize:
    paths: [infrastructure/kubernetes/overlays/dev/platform]
deploy:
  kubectl: {}
profiles:
  - name: dev
    deploy:
      kubectl:
        hooks:
          after:
            - host:
                command: [sh, infrastructure/scripts/wait-for-postgres.sh, bakery-ia, 180s]
                os: [darwin, linux]
  - name: prod
    manifests:
      kustomize:
        paths: [infrastructure/kubernetes/overlays/prod/platform]
`

function migrationsConfig(name: string): string {
  return `---
apiVersion: skaffold/v4beta14
kind: Config
metadata:
  name: ${name}-migrations
requires:
  - configs: [bakery-platform]
${PROFILES}
build:
  # services/${name}/Dockerfile with the repository root as context (see infrastructure/README.md,
  # "The image"): a change under services/${name}/ (src/ or drizzle/) rebuilds this image only; the
  # new tag changes the Job's pod template, \`--force\` below re-creates the Job, so \`skaffold dev\`
  # re-runs the service's migrations.
  artifacts:
    - image: bakery-ia/${name}
      context: .
      docker:
        dockerfile: services/${name}/Dockerfile
  tagPolicy:
    inputDigest: {}
manifests:
  kustomize:
    paths: [infrastructure/kubernetes/overlays/dev/migrations/${name}]
deploy:
  kubectl:
    flags:
      # Scoped to this config, which holds only the Job, its ServiceAccount and (dev) its Secret: a
      # Job's pod template is immutable, so a changed Job is deleted and re-created. An unchanged Job
      # is left alone (still Complete), and the wait below returns at once.
      apply: [--force]
    hooks:
      after:
        - host:
            command:
              - sh
              - infrastructure/scripts/wait-for-jobs.sh
              - --namespace
              - bakery-ia
              - --timeout
              - "660"
              - ${name}-migrate
            os: [darwin, linux]
profiles:
  - name: dev
  - name: prod
    manifests:
      kustomize:
        paths: [infrastructure/kubernetes/overlays/prod/migrations/${name}]
`
}

function serviceConfig({ name, port }: PlatformService): string {
  return `---
apiVersion: skaffold/v4beta14
kind: Config
metadata:
  name: ${name}
requires:
  - configs: [${name}-migrations]
${PROFILES}
manifests:
  kustomize:
    paths: [infrastructure/kubernetes/overlays/dev/services/${name}]
deploy:
  kubectl: {}
  statusCheckDeadlineSeconds: 600
portForward:
  - resourceType: service
    resourceName: ${name}
    namespace: bakery-ia
    port: 80
    localPort: ${port}
profiles:
  - name: dev
  - name: prod
    manifests:
      kustomize:
        paths: [infrastructure/kubernetes/overlays/prod/services/${name}]
`
}

/** Pure: the text of skaffold.yaml for these services (every migrations config before any service's). */
export function renderSkaffoldYaml(services: readonly PlatformService[]): string {
  return [HEADER, ...services.map((s) => migrationsConfig(s.name)), ...services.map(serviceConfig)].join('')
}
