import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { findSchemaErrors, findUnknownFields } from './k8s-schema.js'
import {
  findObject,
  type K8sObject,
  kubernetesDir,
  OVERLAYS,
  ofKind,
  parseManifests,
  renderOverlay,
  SERVICES,
} from './render.js'

// biome-ignore lint/suspicious/noExplicitAny: rendered containers are untyped
type Container = Record<string, any>

function envValue(container: Container, name: string): Container | undefined {
  return (container.env ?? []).find((e: Container) => e.name === name)
}

function secretRef(container: Container, name = 'DATABASE_URL'): { name: string; key: string } | undefined {
  return envValue(container, name)?.valueFrom?.secretKeyRef
}

function podContainers(workload: K8sObject): Container[] {
  const spec = workload.spec.template.spec
  return [...(spec.initContainers ?? []), ...spec.containers]
}

describe.each(OVERLAYS)('overlay %s', (overlay) => {
  let objects: K8sObject[]
  beforeAll(() => {
    objects = renderOverlay(overlay)
  })

  it('validates every object against the Kubernetes API schemas', async () => {
    const errors = (await Promise.all(objects.map(findSchemaErrors))).filter(Boolean)
    expect(errors).toEqual([])
  })

  it('rejects no field: every field is declared by the API schema of its kind', () => {
    expect(objects.flatMap(findUnknownFields)).toEqual([])
  })

  it('puts every namespaced object in the bakery-ia namespace', () => {
    const stray = objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'bakery-ia')
    expect(stray.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([])
  })

  it.each(SERVICES)('has a migration Job and a Deployment for %s', (svc) => {
    expect(findObject(objects, 'Job', `${svc}-migrate`)).toBeDefined()
    expect(findObject(objects, 'Deployment', svc)).toBeDefined()
    expect(ofKind(objects, 'Job')).toHaveLength(SERVICES.length)
    expect(ofKind(objects, 'Deployment')).toHaveLength(SERVICES.length)
  })

  it.each(SERVICES)(
    'runs migrate.js only in the Job and in the init container waiting for it (%s)',
    (svc) => {
      const job = findObject(objects, 'Job', `${svc}-migrate`)
      const deployment = findObject(objects, 'Deployment', svc)
      const [migrate] = job.spec.template.spec.containers
      // `args` only: a `command` would replace the image's ENTRYPOINT, tini (see test/rollout.test.ts).
      expect(migrate.command).toBeUndefined()
      expect(migrate.args).toEqual(['node', 'dist/migrate.js'])
      expect(migrate.workingDir).toBe('/app')
      const init = deployment.spec.template.spec.initContainers
      expect(init).toHaveLength(1)
      expect(init[0].command).toBeUndefined()
      expect(init[0].args).toEqual(['node', 'dist/migrate.js', 'wait', '--timeout', '300'])
      const containers: Container[] = deployment.spec.template.spec.containers
      expect(containers).toHaveLength(1)
      for (const c of containers) {
        expect(JSON.stringify([c.command, c.args])).not.toContain('migrate')
        expect(c.command).toBeUndefined()
        expect(c.args).toEqual(['node', 'dist/main.js'])
      }
      // One image, three commands.
      const images = new Set([migrate.image, init[0].image, ...containers.map((c) => c.image)])
      expect([...images]).toEqual([`bakery-ia/${svc}`])
    },
  )

  it.each(SERVICES)('probes the health endpoints of %s on its HTTP port', (svc) => {
    const [main] = findObject(objects, 'Deployment', svc).spec.template.spec.containers
    expect(main.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }])
    expect(envValue(main, 'PORT')?.value).toBe('3000')
    expect(main.startupProbe.httpGet).toEqual({ path: '/health/live', port: 'http' })
    expect(main.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' })
    expect(main.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' })
  })

  it.each(SERVICES)('gives every %s container DATABASE_URL and the shared ConfigMap', (svc) => {
    const workloads = [findObject(objects, 'Job', `${svc}-migrate`), findObject(objects, 'Deployment', svc)]
    for (const container of workloads.flatMap(podContainers)) {
      expect(secretRef(container), container.name).toMatchObject({ key: 'DATABASE_URL' })
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'bakery-config' } }])
    }
    const config = findObject(objects, 'ConfigMap', 'bakery-config')
    expect(Object.keys(config.data).sort()).toEqual([
      'DB_FORCE_RECREATE',
      'ENVIRONMENT',
      'LOG_LEVEL',
      'SHUTDOWN_DELAY_MS',
    ])
  })

  it.each(SERVICES)('uses the owner role for the %s Job and the runtime role for its pods', (svc) => {
    const [migrate] = findObject(objects, 'Job', `${svc}-migrate`).spec.template.spec.containers
    const deployment = findObject(objects, 'Deployment', svc)
    const jobSecret = secretRef(migrate)?.name
    const podSecrets = new Set(podContainers(deployment).map((c) => secretRef(c)?.name))
    expect(podSecrets.size).toBe(1)
    expect(podSecrets.has(jobSecret)).toBe(false)
    expect(jobSecret).toMatch(new RegExp(`^${svc}-db-migrate`))
    // The runner grants the runtime role what the service needs after each migration.
    expect(envValue(migrate, 'DB_RUNTIME_ROLE')?.value).toBe(`${svc}_app`)
    expect([...podSecrets][0]).toMatch(new RegExp(`^${svc}-db-app`))
  })

  it('runs every pod non-root, read-only, without privileges and with the runtime seccomp profile', () => {
    const workloads = objects.filter((o) => ['Deployment', 'Job', 'StatefulSet'].includes(o.kind))
    for (const workload of workloads) {
      const pod = workload.spec.template.spec
      expect(pod.automountServiceAccountToken, workload.metadata.name).toBe(false)
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      })
      for (const c of podContainers(workload)) {
        expect(c.securityContext, `${workload.metadata.name}/${c.name}`).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        })
        const tmp = (c.volumeMounts ?? []).find((m: Container) => m.mountPath === '/tmp')
        expect(tmp, `${c.name} needs a writable /tmp`).toBeDefined()
        expect(pod.volumes.find((v: Container) => v.name === tmp.name).emptyDir).toBeDefined()
        expect(c.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) })
        expect(c.resources.limits.memory).toEqual(expect.any(String))
      }
    }
  })

  it.each(SERVICES)('runs %s under its own service account, which mounts no token', (svc) => {
    const account = findObject(objects, 'ServiceAccount', svc)
    expect(account.automountServiceAccountToken).toBe(false)
    expect(findObject(objects, 'Deployment', svc).spec.template.spec.serviceAccountName).toBe(svc)
    expect(findObject(objects, 'Job', `${svc}-migrate`).spec.template.spec.serviceAccountName).toBe(svc)
  })

  it.each(SERVICES)('fails the %s Job fast on a non-zero exit and retries disruptions', (svc) => {
    const job = findObject(objects, 'Job', `${svc}-migrate`)
    expect(job.spec.template.spec.restartPolicy).toBe('Never')
    expect(job.spec.backoffLimit).toBeGreaterThanOrEqual(0)
    expect(job.spec.backoffLimit).toBeLessThanOrEqual(3)
    expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0)
    // Order matters: the first matching rule wins, so a disrupted pod is never counted as failed.
    expect(job.spec.podFailurePolicy.rules).toEqual([
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'migrate', operator: 'NotIn', values: [0] } },
    ])
  })

  it.each(SERVICES)('routes, protects and budgets the pods of %s', (svc) => {
    const deployment = findObject(objects, 'Deployment', svc)
    const podLabels: Record<string, string> = deployment.spec.template.metadata.labels
    const selects = (selector: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => podLabels[k] === v)
    const service = findObject(objects, 'Service', svc)
    expect(selects(service.spec.selector)).toBe(true)
    expect(service.spec.ports[0].targetPort).toBe('http')
    const budget = findObject(objects, 'PodDisruptionBudget', svc)
    expect(selects(budget.spec.selector.matchLabels)).toBe(true)
    const policy = findObject(objects, 'NetworkPolicy', svc)
    expect(selects(policy.spec.podSelector.matchLabels)).toBe(true)
    expect(policy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 3000 }])
    expect(findObject(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    })
  })

  it('gives the pods more grace than SHUTDOWN_DELAY_MS plus time to drain', () => {
    const delayMs = Number(findObject(objects, 'ConfigMap', 'bakery-config').data.SHUTDOWN_DELAY_MS)
    expect(delayMs).toBeGreaterThanOrEqual(1000)
    for (const deployment of ofKind(objects, 'Deployment')) {
      const graceMs = deployment.spec.template.spec.terminationGracePeriodSeconds * 1000
      expect(graceMs).toBeGreaterThanOrEqual(delayMs + 10_000)
    }
  })
})

describe('overlay dev', () => {
  const sql = readFileSync(join(kubernetesDir, 'overlays/dev/postgres/init-databases.sql'), 'utf8')

  it('runs PostgreSQL 17 in the cluster with the init scripts mounted', () => {
    const objects = renderOverlay('dev')
    const postgres = findObject(objects, 'StatefulSet', 'postgres')
    const [container] = postgres.spec.template.spec.containers
    expect(container.image).toBe('postgres:17')
    const mounts = container.volumeMounts.map((m: Container) => m.mountPath)
    expect(mounts).toContain('/docker-entrypoint-initdb.d')
    expect(findObject(objects, 'ConfigMap', 'bakery-config').data.ENVIRONMENT).toBe('development')
  })

  it.each(SERVICES)('connects %s with the roles and passwords init-databases.sql creates', (svc) => {
    const objects = renderOverlay('dev')
    for (const [suffix, role] of [
      ['migrate', 'owner'],
      ['app', 'app'],
    ] as const) {
      const secret = ofKind(objects, 'Secret').find((s) => s.metadata.name.startsWith(`${svc}-db-${suffix}-`))
      expect(secret, `${svc}-db-${suffix}`).toBeDefined()
      const url = new URL(Buffer.from(secret?.data.DATABASE_URL, 'base64').toString('utf8'))
      expect(url.username).toBe(`${svc}_${role}`)
      expect(url.pathname).toBe(`/${svc}`)
      expect(url.host).toBe('postgres:5432')
      expect(sql).toContain(`CREATE ROLE ${svc}_${role} LOGIN PASSWORD '${url.password}';`)
    }
    expect(sql).toContain(`CREATE DATABASE ${svc} OWNER ${svc}_owner;`)
  })
})

describe('overlay prod', () => {
  it('expects its Secrets to exist, runs no database, keeps 3 replicas and cleans finished Jobs', () => {
    const objects = renderOverlay('prod')
    expect(ofKind(objects, 'Secret')).toEqual([])
    expect(ofKind(objects, 'StatefulSet')).toEqual([])
    const config = findObject(objects, 'ConfigMap', 'bakery-config').data
    expect(config).toMatchObject({ ENVIRONMENT: 'production', DB_FORCE_RECREATE: 'false' })
    for (const d of ofKind(objects, 'Deployment')) expect(d.spec.replicas).toBe(3)
    for (const j of ofKind(objects, 'Job')) expect(j.spec.ttlSecondsAfterFinished).toBeGreaterThan(0)
  })

  it('documents every Secret the prod pods reference in secrets.example.yaml', () => {
    const objects = renderOverlay('prod')
    const referenced = new Set(
      objects
        .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
        .flatMap(podContainers)
        .map((c) => secretRef(c)?.name),
    )
    const text = readFileSync(join(kubernetesDir, 'overlays/prod/secrets.example.yaml'), 'utf8')
    const examples = parseManifests(text).filter(Boolean)
    expect(new Set(examples.map((s) => s.metadata.name))).toEqual(referenced)
    for (const s of examples)
      expect(parse(JSON.stringify(s)).stringData.DATABASE_URL).toMatch(/^postgres:\/\//)
  })
})
