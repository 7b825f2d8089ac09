import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { renderInitDatabasesSql } from './dev-database.js'
import { renderKustomizeFiles } from './kustomize-files.js'
import { loadServices, type PlatformService, repoRoot } from './service-list.js'
import { renderSkaffoldYaml } from './skaffold-yaml.js'

// Every file that names the services, rendered from services.json. `pnpm gen:service` writes them;
// infrastructure/test/service-list.test.ts fails when one is out of date (someone edited it by hand,
// or services.json without running the generator).

/** Packages that run every service (their tests, harnesses): `@bakery/<svc>` is a devDependency, so
 * that turbo builds each service before their tasks (`^build`). */
export const PACKAGES_OF_EVERY_SERVICE = [
  'infrastructure',
  'tooling/dev-launcher',
  'tests/reliability',
  'bench',
]

function renderDependencies(path: string, names: readonly string[], root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, path), 'utf8'))
  const field =
    pkg.dependencies && Object.keys(pkg.dependencies).some((d) => isService(d, root))
      ? 'dependencies'
      : 'devDependencies'
  const kept = Object.entries<string>(pkg[field] ?? {}).filter(([dep]) => !isService(dep, root))
  const wanted = names.map((n) => [`@bakery/${n}`, 'workspace:*'] as const)
  pkg[field] = Object.fromEntries([...kept, ...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return `${JSON.stringify(pkg, null, 2)}\n`
}

/** `@bakery/<x>` is a service package when services/<x> exists. */
function isService(dep: string, root: string): boolean {
  const match = /^@bakery\/([a-z0-9]+)$/.exec(dep)
  return Boolean(match && existsSync(join(root, 'services', match[1] ?? '', 'package.json')))
}

/** Pure but for reading the files it edits: every derived file's wanted content, by repo-relative path. */
export function renderDerivedFiles(
  services: readonly PlatformService[],
  root: string = repoRoot,
): Map<string, string> {
  const names = services.map((s) => s.name)
  const files = new Map<string, string>()
  files.set('skaffold.yaml', renderSkaffoldYaml(services))
  files.set(
    'infrastructure/kubernetes/overlays/dev/postgres/init-databases.sql',
    renderInitDatabasesSql(names),
  )
  const extras = (name: string) => ({
    migrations: existsSync(
      join(root, 'infrastructure/kubernetes/services', name, 'migrations/kustomization.yaml'),
    ),
    api: existsSync(join(root, 'infrastructure/kubernetes/services', name, 'api/kustomization.yaml')),
  })
  for (const [path, text] of renderKustomizeFiles(services, extras))
    files.set(`infrastructure/kubernetes/${path}`, text)
  for (const dir of PACKAGES_OF_EVERY_SERVICE) {
    const path = `${dir}/package.json`
    files.set(path, renderDependencies(path, names, root))
  }
  return files
}

/** The derived files whose content on disk differs from what services.json renders. */
export function staleDerivedFiles(root: string = repoRoot): string[] {
  const files = renderDerivedFiles(loadServices(join(root, 'services.json')), root)
  return [...files]
    .filter(
      ([path, text]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== text,
    )
    .map(([path]) => path)
}

/** Writes every stale derived file; returns their paths. */
export function writeDerivedFiles(root: string = repoRoot): string[] {
  const files = renderDerivedFiles(loadServices(join(root, 'services.json')), root)
  const written: string[] = []
  for (const [path, text] of files) {
    const target = join(root, path)
    if (existsSync(target) && readFileSync(target, 'utf8') === text) continue
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, text)
    written.push(path)
  }
  return written
}
