import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleNode, COMPILE_CACHE_DIR } from '../bundle-node.mjs'

describe('bundleNode', () => {
  let dir: string
  const run = (env: Record<string, string> = {}) =>
    execFileSync(process.execPath, [join(dir, 'dist/main.js')], {
      env: { PATH: process.env.PATH ?? '', NODE_DEBUG_NATIVE: 'COMPILE_CACHE', ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-node-'))
    writeFileSync(join(dir, 'main.ts'), "import { connect } from 'node:tls'\nconsole.log(typeof connect)\n")
    await bundleNode({ entries: [join(dir, 'main.ts')], outdir: join(dir, 'dist') })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('writes a launcher beside each bundle, which runs it', () => {
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['main.bundle.js', 'main.bundle.js.map', 'main.js'])
    expect(run({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBe('function\n')
  })

  it("loads Node's builtins with require, so no ESM facade reads their every export", () => {
    const bundle = readFileSync(join(dir, 'dist/main.bundle.js'), 'utf8')
    expect(bundle).not.toMatch(/from\s*"(node:)?tls"/)
    expect(bundle).toMatch(/require\("node:tls"\)/)
  })

  it("turns Node's compile cache on in dist/.compile-cache: the second start reads the first's", () => {
    run()
    expect(readdirSync(join(dir, 'dist', COMPILE_CACHE_DIR)).length).toBe(1)
    // Node traces its compile cache on stderr; execFileSync returns stdout, so read both.
    const second = execFileSync('sh', ['-c', `"${process.execPath}" "${join(dir, 'dist/main.js')}" 2>&1`], {
      env: { PATH: process.env.PATH ?? '', NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
      encoding: 'utf8',
    })
    expect(second).toMatch(/V8 code cache for ESM \S*\/dist\/main\.bundle\.js was accepted/)
  })
})
