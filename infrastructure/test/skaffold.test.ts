import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { dockerfilePath } from './dockerfile.js'
import {
  infrastructureDir,
  type K8sObject,
  OVERLAYS,
  ofKind,
  parseManifests,
  renderKustomization,
  repoRoot,
  SERVICES,
} from './render.js'
import {
  deployOrder,
  loadSkaffoldConfigs,
  requiredConfigs,
  resolveProfile,
  type SkaffoldConfig,
} from './skaffold.js'

const configs = loadSkaffoldConfigs()
const PROFILES = [undefined, ...OVERLAYS]

function configNamed(name: string): SkaffoldConfig {
  const config = configs.find((c) => c.metadata.name === name)
  if (!config) throw new Error(`no config ${name} in skaffold.yaml`)
  return config
}

// Each kustomization's render, once: kubectl kustomize costs ~0.5 s and the tests read them often.
const rendered = new Map<string, K8sObject[]>()
function renderPath(path: string): K8sObject[] {
  const objects = rendered.get(path) ?? parseManifests(renderKustomization(join(repoRoot, path)))
  rendered.set(path, objects)
  return objects
}

function renderConfig(name: string, profile?: string): K8sObject[] {
  const paths = resolveProfile(configNamed(name), profile).manifests?.kustomize?.paths ?? []
  return paths.flatMap(renderPath)
}

describe('skaffold.yaml', () => {
  it('validates every config against the Skaffold v4beta14 schema', () => {
    const schema = JSON.parse(readFileSync(join(infrastructureDir, 'schemas/skaffold-v4beta14.json'), 'utf8'))
    // strict: false because the schema carries IntelliJ's `x-intellij-html-description` keywords.
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
    for (const config of configs) {
      expect(config.apiVersion).toBe('skaffold/v4beta14')
      const valid = validate(config)
      expect(validate.errors ?? [], config.metadata.name).toEqual([])
      expect(valid).toBe(true)
    }
  })

  it('rejects a config the schema forbids, so the check above can fail', () => {
    const schema = JSON.parse(readFileSync(join(infrastructureDir, 'schemas/skaffold-v4beta14.json'), 'utf8'))
    const validate = new Ajv({ strict: false }).compile(schema)
    const broken = structuredClone(configs[1]) as unknown as { deploy: { kubectl: Record<string, unknown> } }
    broken.deploy.kubectl.flag = { apply: ['--force'] }
    expect(validate(broken)).toBe(false)
  })

  it("builds one image per service from the repository root with the service's own Dockerfile", () => {
    const artifacts = configs.flatMap((c) => c.build?.artifacts ?? [])
    // No buildArgs: each Dockerfile names its service, so Skaffold builds what `docker build -f` does.
    expect(artifacts).toEqual(
      SERVICES.map((svc) => ({
        image: `bakery-ia/${svc}`,
        context: '.',
        docker: { dockerfile: dockerfilePath(svc) },
      })),
    )
    for (const svc of SERVICES) expect(existsSync(join(repoRoot, dockerfilePath(svc))), svc).toBe(true)
  })

  it.each(PROFILES)('points every config at an existing overlay layer (profile %s)', (profile) => {
    for (const config of configs) {
      const paths = resolveProfile(config, profile).manifests?.kustomize?.paths ?? []
      expect(paths).toHaveLength(1)
      expect(paths[0]).toMatch(new RegExp(`^infrastructure/kubernetes/overlays/${profile ?? 'dev'}/`))
      expect(existsSync(join(repoRoot, paths[0] as string, 'kustomization.yaml'))).toBe(true)
    }
  })

  it('forwards -p dev / -p prod to every required config', () => {
    for (const config of configs) {
      for (const dependency of config.requires ?? []) {
        expect(dependency.path).toBeUndefined()
        expect(dependency.activeProfiles).toEqual(OVERLAYS.map((name) => ({ name, activatedBy: [name] })))
      }
      expect(config.profiles?.map((p) => p.name)).toEqual([...OVERLAYS])
    }
  })

  it.each(PROFILES)(
    'applies each Deployment only after the config that applies and awaits its Job (profile %s)',
    (profile) => {
      const deployed = configs.map((c) => ({
        name: c.metadata.name,
        objects: renderConfig(c.metadata.name, profile),
      }))
      // Together the configs deploy exactly the overlay.
      const all = deployed.flatMap((d) => d.objects).map((o) => `${o.kind}/${o.metadata.name}`)
      const overlay = parseManifests(
        renderKustomization(join(infrastructureDir, `kubernetes/overlays/${profile ?? 'dev'}`)),
      )
      expect(all.sort()).toEqual(overlay.map((o) => `${o.kind}/${o.metadata.name}`).sort())

      for (const svc of SERVICES) {
        const deploymentConfig = deployed.find((d) =>
          ofKind(d.objects, 'Deployment').some((o) => o.metadata.name === svc),
        )
        const jobConfig = deployed.find((d) =>
          ofKind(d.objects, 'Job').some((o) => o.metadata.name === `${svc}-migrate`),
        )
        expect(deploymentConfig, svc).toBeDefined()
        expect(jobConfig, svc).toBeDefined()
        expect(jobConfig?.name).not.toBe(deploymentConfig?.name)
        expect(requiredConfigs(configs, deploymentConfig?.name ?? '').has(jobConfig?.name ?? '')).toBe(true)

        const jobSection = resolveProfile(configNamed(jobConfig?.name ?? ''), profile)
        const hooks = jobSection.deploy?.kubectl?.hooks?.after?.map((h) => h.host?.command ?? []) ?? []
        const waits = hooks.filter((command) => command.includes('infrastructure/scripts/wait-for-jobs.sh'))
        expect(waits).toHaveLength(1)
        expect(waits[0]).toContain(`${svc}-migrate`)
        expect(waits[0]?.slice(waits[0].indexOf('--namespace'), waits[0].indexOf('--namespace') + 2)).toEqual(
          ['--namespace', 'bakery-ia'],
        )
      }
    },
  )

  it('waits for the Jobs longer than they may run, so a Job deadline reports Failed first', () => {
    for (const svc of SERVICES) {
      const command = configNamed(`${svc}-migrations`).deploy?.kubectl?.hooks?.after?.[0]?.host?.command ?? []
      const timeout = Number(command[command.indexOf('--timeout') + 1])
      for (const profile of OVERLAYS) {
        for (const job of ofKind(renderConfig(`${svc}-migrations`, profile), 'Job')) {
          expect(timeout).toBeGreaterThan(job.spec.activeDeadlineSeconds)
        }
      }
    }
  })

  it('has one module pair per service: <svc>-migrations (Job, awaited) and <svc>, which requires it', () => {
    expect(configs.map((c) => c.metadata.name)).toEqual([
      'bakery-platform',
      ...SERVICES.map((svc) => `${svc}-migrations`),
      ...SERVICES,
    ])
    for (const svc of SERVICES) {
      // `skaffold dev -m <svc>` deploys the module and what it requires: the platform, its Job, itself.
      expect([...requiredConfigs(configs, svc)].sort()).toEqual(
        ['bakery-platform', `${svc}-migrations`].sort(),
      )
      const objects = (name: string) => renderConfig(name).map((o) => `${o.kind}/${o.metadata.name}`)
      expect(objects(`${svc}-migrations`)).toEqual(
        expect.arrayContaining([`Job/${svc}-migrate`, `ServiceAccount/${svc}`]),
      )
      expect(objects(svc)).toEqual(expect.arrayContaining([`Deployment/${svc}`, `Service/${svc}`]))
      expect(objects(svc).some((o) => o.startsWith('Job/'))).toBe(false)
    }
  })

  it.each(PROFILES)('deploys every Job before any Deployment with `skaffold dev` (profile %s)', (profile) => {
    // Skaffold deploys the configs in dependency order, and in the file's order otherwise.
    const order = deployOrder(configs)
    const kinds = order.map((name) => new Set(renderConfig(name, profile).map((o) => o.kind)))
    const lastJob = kinds.findLastIndex((k) => k.has('Job'))
    const firstDeployment = kinds.findIndex((k) => k.has('Deployment'))
    expect(lastJob).toBeGreaterThan(0)
    expect(firstDeployment).toBeGreaterThan(lastJob)
    expect(order[0]).toBe('bakery-platform')
  })

  it('keeps the hook scripts committed and POSIX sh', () => {
    const hooks = configs.flatMap((c) =>
      [c, ...(c.profiles ?? [])].flatMap((s) => s.deploy?.kubectl?.hooks?.after ?? []),
    )
    expect(hooks.length).toBeGreaterThanOrEqual(2)
    for (const hook of hooks) {
      const [shell, script] = hook.host?.command ?? []
      expect(shell).toBe('sh')
      expect(existsSync(join(repoRoot, script ?? ''))).toBe(true)
      expect(readFileSync(join(repoRoot, script ?? ''), 'utf8')).toMatch(/^#!\/bin\/sh\n/)
    }
  })
})
