import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  findObject,
  type K8sObject,
  OVERLAYS,
  ofKind,
  parseManifests,
  renderKustomization,
  renderOverlay,
  repoRoot,
  SERVICES,
} from './render.js'
import { loadSkaffoldConfigs, resolveProfile } from './skaffold.js'

// Strategy under test: the Jobs live in their own Skaffold config (`bakery-migrations`) whose
// `kubectl apply` carries --force. A Job keeps a stable name; when its pod template changes (new
// image tag from a rebuild, new hashed secret), apply hits "field is immutable" and --force deletes
// and re-creates it, so the migrations run again. An unchanged Job is not touched.

const work = mkdtempSync(join(tmpdir(), 'bakery-job-redeploy-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Renders a dev layer through a throwaway kustomization that changes what a rebuild would change. */
function render(name: string, layer: string, extra: string): K8sObject[] {
  const dir = mkdtempSync(join(work, `${name}-`))
  const target = join(repoRoot, 'infrastructure/kubernetes/overlays/dev', layer)
  writeFileSync(
    join(dir, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${relative(dir, target)}\n${extra}`,
  )
  return parseManifests(renderKustomization(dir))
}

const newImage = `images:\n${SERVICES.map((s) => `  - name: bakery-ia/${s}\n    newTag: rebuilt-after-drizzle-change`).join('\n')}\n`

describe('re-deploying a changed migration Job', () => {
  const configs = loadSkaffoldConfigs()

  it.each(OVERLAYS)('applies the Jobs, and only them, with --force (%s)', (profile) => {
    for (const config of configs) {
      const section = resolveProfile(config, profile)
      const objects = (section.manifests?.kustomize?.paths ?? []).flatMap((p) =>
        parseManifests(renderKustomization(join(repoRoot, p))),
      )
      const forced = section.deploy?.kubectl?.flags?.apply?.includes('--force') ?? false
      const hasJobs = ofKind(objects, 'Job').length > 0
      expect(forced, config.metadata.name).toBe(hasJobs)
      if (forced) {
        // Deleting and re-creating anything else would mean downtime (Deployments, Services) or data
        // loss (the dev StatefulSet): the forced layer holds only what is safe to re-create (--force
        // only replaces what apply cannot patch; a ServiceAccount with no token has nothing to lose).
        const kinds = new Set(objects.map((o) => o.kind))
        expect([...kinds].every((k) => ['Job', 'ServiceAccount', 'Secret'].includes(k))).toBe(true)
      }
    }
  })

  it.each(OVERLAYS)('keeps stable Job names, the ones the wait hook watches (%s)', (overlay) => {
    const names = ofKind(renderOverlay(overlay, 'migrations'), 'Job').map((j) => j.metadata.name)
    expect(names.sort()).toEqual(SERVICES.map((s) => `${s}-migrate`).sort())
  })

  it('renders an unchanged Job identically, so apply leaves the completed Job alone', () => {
    expect(renderOverlay('dev', 'migrations')).toEqual(renderOverlay('dev', 'migrations'))
  })

  it('changes the Job pod template when the image is rebuilt, which --force turns into a re-run', () => {
    const before = renderOverlay('dev', 'migrations')
    const after = render('image', 'migrations', newImage)
    for (const svc of SERVICES) {
      const [old, rebuilt] = [before, after].map((objects) => findObject(objects, 'Job', `${svc}-migrate`))
      expect(rebuilt?.metadata.name).toBe(old?.metadata.name)
      expect(rebuilt?.spec.template).not.toEqual(old?.spec.template)
      expect(rebuilt?.spec.template.spec.containers[0].image).toBe(
        `bakery-ia/${svc}:rebuilt-after-drizzle-change`,
      )
    }
  })

  it('rolls the Deployments to the same rebuilt image, whose init container waits for the new schema', () => {
    const after = render('image-services', 'services', newImage)
    for (const svc of SERVICES) {
      const pod = findObject(after, 'Deployment', svc).spec.template.spec
      const images = [...pod.initContainers, ...pod.containers].map((c: { image: string }) => c.image)
      expect(new Set(images)).toEqual(new Set([`bakery-ia/${svc}:rebuilt-after-drizzle-change`]))
    }
  })

  it('re-creates the Job when its credentials change (hashed secret name in the pod template)', () => {
    const before = renderOverlay('dev', 'migrations')
    const after = render(
      'secret',
      'migrations',
      'secretGenerator:\n  - name: external-db-migrate\n    behavior: replace\n    literals:\n      - DATABASE_URL=postgres://external_owner:rotated@postgres:5432/external\n',
    )
    const [old, rotated] = [before, after].map((objects) => findObject(objects, 'Job', 'external-migrate'))
    expect(rotated?.spec.template).not.toEqual(old?.spec.template)
    expect(findObject(after, 'Job', 'orders-migrate').spec.template).toEqual(
      findObject(before, 'Job', 'orders-migrate').spec.template,
    )
  })
})
