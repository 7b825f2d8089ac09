import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  containerArgv,
  dockerfilePath,
  imageConfig,
  loadDockerfile,
  parseDockerfile,
  parseInstructions,
  substitute,
} from './dockerfile.js'
import { dockerignoreFilter } from './image-build.js'
import { repoRoot, SERVICES } from './render.js'

const file = loadDockerfile()

describe('the Dockerfile parser', () => {
  it('joins continuation lines and drops comments', () => {
    const parsed = parseInstructions('# c\nFROM a AS b\nRUN x \\\n  && y\n\nCMD ["n"]\n')
    expect(parsed.map((i) => [i.keyword, i.text, i.line])).toEqual([
      ['FROM', 'a AS b', 2],
      ['RUN', 'x && y', 3],
      ['CMD', '["n"]', 6],
    ])
  })

  it('refuses a variable without a value instead of substituting nothing', () => {
    expect(substitute('services/$SERVICE/', { SERVICE: 'orders' })).toBe('services/orders/')
    expect(() => substitute('services/$SERVICE/', {})).toThrow(/SERVICE/)
  })

  it("applies Kubernetes' rules: command replaces ENTRYPOINT and CMD, args replaces CMD", () => {
    const image = imageConfig(parseDockerfile('FROM x\nENTRYPOINT ["tini", "--"]\nCMD ["node", "a.js"]\n'))
    expect(containerArgv(image, {})).toEqual(['tini', '--', 'node', 'a.js'])
    expect(containerArgv(image, { args: ['node', 'b.js'] })).toEqual(['tini', '--', 'node', 'b.js'])
    expect(containerArgv(image, { command: ['node'] })).toEqual(['node'])
  })
})

describe(`${dockerfilePath}`, () => {
  it('is the only Dockerfile: no service keeps its own', () => {
    for (const svc of SERVICES)
      expect(existsSync(join(repoRoot, 'services', svc, 'Dockerfile')), svc).toBe(false)
  })

  it('starts every stage from one maintained Node LTS image, pinned by tag', () => {
    expect(file.globalArgs.NODE_IMAGE).toMatch(/^node:(22|24)(\.\d+)*-bookworm-slim$/)
    const images = file.stages.filter((s) => !file.stages.some((other) => other.name === s.from))
    expect(new Set(images.map((s) => s.from))).toEqual(new Set([file.globalArgs.NODE_IMAGE]))
  })

  it.each(SERVICES)('copies only the workspace manifests, packages/, tooling/ and services/%s/', (svc) => {
    const prune = file.stages.find((s) => s.name === 'prune')
    const sources = (prune?.instructions ?? [])
      .filter((i) => i.keyword === 'COPY' && !i.text.startsWith('--from'))
      .flatMap((i) => substitute(i.text, { SERVICE: svc }).split(/\s+/).slice(0, -1))
    expect(sources.filter((s) => s.startsWith('services/'))).toEqual([`services/${svc}/`])
    expect(sources).toEqual(expect.arrayContaining(['pnpm-lock.yaml', 'packages/', 'tooling/']))
  })

  it('keeps installed and generated files out of the build context', () => {
    const text = readFileSync(join(repoRoot, `${dockerfilePath}.dockerignore`), 'utf8')
    const keep = dockerignoreFilter(text.split('\n').filter((l) => l.trim() && !l.startsWith('#')))
    for (const path of [
      'node_modules',
      'services/orders/node_modules/x',
      'packages/service-base/dist/index.js',
      'services/external/.turbo/log',
      '.data/pg',
      '.git/HEAD',
    ]) {
      expect(keep(path), path).toBe(false)
    }
    expect(keep('services/orders/src/main.ts')).toBe(true)
    expect(keep('services/orders/drizzle/meta/_journal.json')).toBe(true)
  })
})
