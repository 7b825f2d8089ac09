import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  containerArgv,
  dockerfilePath,
  dockerignorePath,
  imageConfig,
  loadDockerfile,
  parseArg,
  parseDockerfile,
  parseInstructions,
  substitute,
} from './dockerfile.js'
import { dockerignoreFilter } from './image-build.js'
import { repoRoot, SERVICES, type ServiceName } from './render.js'

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

/** A file with its service's name replaced by a placeholder: what the three must share. */
function withoutServiceName(path: string, svc: string): string {
  return readFileSync(join(repoRoot, path), 'utf8').replace(new RegExp(`\\b${svc}\\b`, 'g'), '<svc>')
}

describe('the service Dockerfiles', () => {
  it.each(SERVICES)('include services/%s/Dockerfile and its Dockerfile.dockerignore', (svc) => {
    expect(existsSync(join(repoRoot, dockerfilePath(svc)))).toBe(true)
    expect(existsSync(join(repoRoot, dockerignorePath(dockerfilePath(svc))))).toBe(true)
  })

  it('are identical but for the service name, so they cannot drift', () => {
    const [first = 'orders', ...others] = SERVICES
    for (const path of [dockerfilePath, (svc: ServiceName) => dockerignorePath(dockerfilePath(svc))]) {
      const expected = withoutServiceName(path(first), first)
      for (const svc of others) expect(withoutServiceName(path(svc), svc), path(svc)).toBe(expected)
    }
  })
})

describe.each(SERVICES)('services/%s/Dockerfile', (svc) => {
  const file = loadDockerfile(dockerfilePath(svc))

  it('names its own service in every stage that uses SERVICE, so it builds with no build argument', () => {
    const args = file.stages.flatMap((s) =>
      s.instructions.filter((i) => i.keyword === 'ARG').map((i) => [s.name, ...parseArg(i.text)]),
    )
    expect(args).toEqual([
      ['prune', 'SERVICE', svc],
      ['build', 'SERVICE', svc],
    ])
    expect(readFileSync(join(repoRoot, dockerfilePath(svc)), 'utf8')).toContain(
      `docker build -f services/${svc}/Dockerfile .`,
    )
  })

  it('runs the shared build script, in every RUN but the two tool installs', () => {
    const runs = file.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN'))
    const script = runs.filter((i) => i.text.startsWith('sh /usr/local/bin/build-service.sh '))
    expect(runs.length - script.length).toBe(2)
    const copies = file.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'COPY'))
    expect(copies.map((i) => i.text)).toContain(
      'infrastructure/docker/build-service.sh /usr/local/bin/build-service.sh',
    )
  })

  it('starts every stage from one maintained Node LTS image, pinned by tag', () => {
    expect(file.globalArgs.NODE_IMAGE).toMatch(/^node:(22|24)(\.\d+)*-bookworm-slim$/)
    const images = file.stages.filter((s) => !file.stages.some((other) => other.name === s.from))
    expect(new Set(images.map((s) => s.from))).toEqual(new Set([file.globalArgs.NODE_IMAGE]))
  })

  it(`copies only the workspace manifests, packages/, tooling/, the build script and services/${svc}/`, () => {
    const prune = file.stages.find((s) => s.name === 'prune')
    const sources = (prune?.instructions ?? [])
      .filter((i) => i.keyword === 'COPY' && !i.text.startsWith('--from'))
      .flatMap((i) => substitute(i.text, { SERVICE: svc }).split(/\s+/).slice(0, -1))
    expect(sources.filter((s) => s.startsWith('services/'))).toEqual([`services/${svc}/`])
    expect(sources).toEqual(expect.arrayContaining(['pnpm-lock.yaml', 'packages/', 'tooling/']))
  })

  it('keeps installed and generated files out of the build context', () => {
    const text = readFileSync(join(repoRoot, dockerignorePath(dockerfilePath(svc))), 'utf8')
    const keep = dockerignoreFilter(text.split('\n').filter((l) => l.trim() && !l.startsWith('#')))
    for (const path of [
      'node_modules',
      `services/${svc}/node_modules/x`,
      'packages/service-base/dist/index.js',
      `services/${svc}/.turbo/log`,
      '.data/pg',
      '.git/HEAD',
    ]) {
      expect(keep(path), path).toBe(false)
    }
    expect(keep(`services/${svc}/src/main.ts`)).toBe(true)
    expect(keep(`services/${svc}/drizzle/meta/_journal.json`)).toBe(true)
    expect(keep('infrastructure/docker/build-service.sh')).toBe(true)
  })
})
