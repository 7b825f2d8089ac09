import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAllDocuments } from 'yaml'
import { repoRoot } from './render.js'

export interface HostHook {
  command: string[]
  os?: string[]
}
export interface KubectlDeploy {
  flags?: { apply?: string[]; global?: string[] }
  hooks?: { before?: { host?: HostHook }[]; after?: { host?: HostHook }[] }
}
export interface SkaffoldSection {
  manifests?: { kustomize?: { paths?: string[] } }
  deploy?: { kubectl?: KubectlDeploy }
  build?: {
    artifacts?: {
      image: string
      context?: string
      docker?: { dockerfile?: string; buildArgs?: Record<string, string> }
    }[]
  }
}
export interface SkaffoldConfig extends SkaffoldSection {
  apiVersion: string
  kind: string
  metadata: { name: string }
  requires?: {
    configs?: string[]
    path?: string
    activeProfiles?: { name: string; activatedBy?: string[] }[]
  }[]
  profiles?: (SkaffoldSection & { name: string })[]
}

/** The documents of the root skaffold.yaml, one per config. */
export function loadSkaffoldConfigs(): SkaffoldConfig[] {
  const text = readFileSync(join(repoRoot, 'skaffold.yaml'), 'utf8')
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`skaffold.yaml: ${doc.errors[0]?.message}`)
    return doc.toJS() as SkaffoldConfig
  })
}

/**
 * A config as Skaffold resolves it with `-p profile` (or none): the profile's sections are laid
 * over the config's, one level deep (manifests, deploy.kubectl), which is all this file uses.
 */
export function resolveProfile(config: SkaffoldConfig, profile?: string): SkaffoldSection {
  const p = config.profiles?.find((candidate) => candidate.name === profile)
  if (profile && !p) throw new Error(`${config.metadata.name} has no profile ${profile}`)
  return {
    build: p?.build ?? config.build,
    manifests: p?.manifests ?? config.manifests,
    deploy: { kubectl: { ...config.deploy?.kubectl, ...p?.deploy?.kubectl } },
  }
}

/** Names of the configs `name` requires, directly or not (same-file requires only). */
export function requiredConfigs(
  configs: SkaffoldConfig[],
  name: string,
  seen = new Set<string>(),
): Set<string> {
  const config = configs.find((c) => c.metadata.name === name)
  for (const dependency of config?.requires ?? []) {
    for (const required of dependency.configs ?? []) {
      if (seen.has(required)) continue
      seen.add(required)
      requiredConfigs(configs, required, seen)
    }
  }
  return seen
}

/**
 * The order Skaffold deploys the configs of one file in: each config after the configs it requires
 * (depth first), and otherwise in the file's order.
 */
export function deployOrder(configs: SkaffoldConfig[]): string[] {
  const order: string[] = []
  const visit = (name: string) => {
    if (order.includes(name)) return
    const config = configs.find((c) => c.metadata.name === name)
    for (const dependency of config?.requires ?? [])
      for (const required of dependency.configs ?? []) visit(required)
    order.push(name)
  }
  for (const config of configs) visit(config.metadata.name)
  return order
}
