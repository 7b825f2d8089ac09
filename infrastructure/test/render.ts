import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadServiceNames } from '@bakery/platform'
import { parseAllDocuments } from 'yaml'
import { ensureKubectl } from './kubectl.js'

/** Every service, from the root services.json: the tests cover whatever the list declares. */
export const SERVICES: readonly string[] = loadServiceNames()
export type ServiceName = string
export const OVERLAYS = ['dev', 'prod'] as const
export type OverlayName = (typeof OVERLAYS)[number]
/** The layers Skaffold applies one after the other; `all` is the overlay's aggregate kustomization. */
export type Layer = 'platform' | 'migrations' | 'services' | 'all'

export const infrastructureDir = join(dirname(fileURLToPath(import.meta.url)), '..')
export const repoRoot = join(infrastructureDir, '..')
export const kubernetesDir = join(infrastructureDir, 'kubernetes')

/** A rendered Kubernetes object, loosely typed: tests narrow what they read. */
export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string> }
  // biome-ignore lint/suspicious/noExplicitAny: rendered YAML is untyped; the schema test types it.
  spec?: any
  // biome-ignore lint/suspicious/noExplicitAny: as above
  [field: string]: any
}

/** Path of an overlay (or one of its layers) relative to the repository root, as skaffold.yaml names it. */
export function overlayPath(name: OverlayName, layer: Layer = 'all'): string {
  const parts = ['infrastructure', 'kubernetes', 'overlays', name]
  return (layer === 'all' ? parts : [...parts, layer]).join('/')
}

/** Renders a kustomization directory with `kubectl kustomize` and returns its YAML text. */
export function renderKustomization(dir: string): string {
  return execFileSync(ensureKubectl(), ['kustomize', dir], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 })
}

/** Parses a multi-document YAML stream into objects, failing on any YAML error. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0]?.message}`)
    return doc.toJS() as K8sObject
  })
}

/**
 * Renders an overlay (`dev` or `prod`), or one of the layers Skaffold applies separately, and
 * returns the parsed objects. The later cluster-free rollout test runs their commands locally.
 */
export function renderOverlay(name: OverlayName, layer: Layer = 'all'): K8sObject[] {
  return parseManifests(renderKustomization(join(repoRoot, overlayPath(name, layer))))
}

/** The objects of one kind, optionally the one with a given name. */
export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind)
}

/** The single object of `kind` named `name`; throws when missing. */
export function findObject(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name)
  if (!found) throw new Error(`no ${kind}/${name} in the render`)
  return found
}
