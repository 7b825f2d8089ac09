import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadServices, renderDerivedFiles, staleDerivedFiles } from '@bakery/platform'
import { describe, expect, it } from 'vitest'
import { repoRoot, SERVICES } from './render.js'

// services.json declares the services once; every file that names them is rendered from it
// (`pnpm gen:service` writes them) or reads it at run time (dev launcher, reliability, bench, these
// tests). This test fails when any place disagrees with the list.

describe('the service list (services.json)', () => {
  it('names exactly the service packages under services/', () => {
    const dirs = readdirSync(join(repoRoot, 'services'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(repoRoot, 'services', d.name, 'package.json')))
      .map((d) => d.name)
    expect([...SERVICES].sort()).toEqual(dirs.sort())
    for (const svc of SERVICES) {
      const pkg = JSON.parse(readFileSync(join(repoRoot, 'services', svc, 'package.json'), 'utf8'))
      expect(pkg.name, `services/${svc}/package.json`).toBe(`@bakery/${svc}`)
    }
  })

  it('is what every derived file says: skaffold.yaml, the overlays, the dev SQL, the harnesses’ dependencies', () => {
    // A file listed here was edited by hand or services.json was: run `pnpm gen:service --sync`.
    expect(staleDerivedFiles()).toEqual([])
  })

  it('notices a service missing from the derived files, so the check above can fail', () => {
    const services = loadServices()
    const absent = 'probe'
    expect(services.map((s) => s.name)).not.toContain(absent)
    const wanted = renderDerivedFiles([
      ...services,
      { name: absent, port: Math.max(...services.map((s) => s.port)) + 1 },
    ])
    const stale = [...wanted]
      .filter(
        ([path, text]) =>
          !existsSync(join(repoRoot, path)) || readFileSync(join(repoRoot, path), 'utf8') !== text,
      )
      .map(([path]) => path)
    expect(stale).toEqual(
      expect.arrayContaining([
        'skaffold.yaml',
        'infrastructure/kubernetes/overlays/dev/postgres/init-databases.sql',
        'infrastructure/kubernetes/overlays/dev/migrations/kustomization.yaml',
        'infrastructure/kubernetes/overlays/prod/services/probe/kustomization.yaml',
        'infrastructure/kubernetes/overlays/prod/secrets.example.yaml',
        'tooling/dev-launcher/package.json',
      ]),
    )
  })

  it('gives each service its own local port, the one Skaffold forwards', () => {
    const forwards = readFileSync(join(repoRoot, 'skaffold.yaml'), 'utf8').match(/localPort: \d+/g) ?? []
    expect(forwards).toEqual(loadServices().map((s) => `localPort: ${s.port}`))
  })
})
