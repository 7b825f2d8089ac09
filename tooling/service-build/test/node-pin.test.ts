import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ESBUILD_TARGET, NODE_PIN } from '../bundle-node.mjs'

// /.node-version is the one place Node is pinned. Everything that names a Node version follows it:
// the runtime the tests, bench and dev loop run on (scripts/with-node.sh), the images' base and the
// bundler's target. A bump that misses one of them fails here.

const root = new URL('../../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')

describe('the Node pin in .node-version', () => {
  it('is an exact version', () => {
    expect(NODE_PIN).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('is the Node these tests run on (turbo and its tasks run on the pinned Node)', () => {
    process.stdout.write(`node-pin: tests ran on Node ${process.version} (pinned ${NODE_PIN})\n`)
    expect(process.version, 'run it through `pnpm test` or `sh scripts/with-node.sh <command>`').toBe(
      `v${NODE_PIN}`,
    )
  })

  it.each(['external', 'inventory', 'orders'])("is services/%s/Dockerfile's base image", (svc) => {
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(read(`services/${svc}/Dockerfile`))?.[1]
    expect(image).toBe(`node:${NODE_PIN}-bookworm-slim`)
  })

  it("is the bundler's target", () => {
    const [major, minor] = NODE_PIN.split('.')
    expect(ESBUILD_TARGET).toBe(`node${major}.${minor}`)
  })

  it('allows only that major in the root engines and @types/node', () => {
    const major = NODE_PIN.split('.')[0]
    expect(JSON.parse(read('package.json')).engines.node).toBe(`>=${major}`)
    expect(read('pnpm-workspace.yaml')).toMatch(new RegExp(`^\\s+"@types/node": ${major}\\.`, 'm'))
  })
})
