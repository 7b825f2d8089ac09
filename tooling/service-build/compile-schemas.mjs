// Route validators and response serializers compiled at build time: the service's own bundle is run
// once in its recording mode (SCHEMAS_RECORD_TO, @bakery/service-base), which builds the app as a
// production start does and writes the code Ajv and fast-json-stringify generate for every route;
// that code is bundled into <outdir>/compiled-schemas.cjs, which a production start restores
// instead of compiling (entries are keyed by a hash of the schema and its options, so a stale file
// can only miss, and a miss is compiled at start and logged).
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { ESBUILD_TARGET } from './bundle-node.mjs'

/** The file a production start reads (service-base's BUNDLED_SCHEMAS_FILE): beside the bundle. */
export const COMPILED_SCHEMAS_FILE = 'compiled-schemas.cjs'

/**
 * The generated code requires Ajv's and fast-json-stringify's runtime helpers by bare name; they
 * are dependencies of service-base's compilers, not of the service, so resolve them from there.
 */
function runtimeHelpers(serviceDir, generated) {
  const base = createRequire(createRequire(join(serviceDir, 'package.json')).resolve('@bakery/service-base'))
  const from = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'].map((name) =>
    dirname(base.resolve(name)),
  )
  return {
    name: 'compiled-schemas-runtime',
    setup(b) {
      b.onResolve({ filter: /^[a-z@]/ }, async (args) => {
        if (args.importer !== generated) return undefined
        for (const resolveDir of from) {
          const found = await b.resolve(args.path, { kind: args.kind, resolveDir })
          if (found.errors.length === 0) return { path: found.path }
        }
        return undefined
      })
    },
  }
}

/** Records the schemas of `<outdir>/main.js` and bundles their code into `<outdir>/compiled-schemas.cjs`. */
export async function compileSchemas({ serviceDir, outdir: out }) {
  const outdir = resolve(serviceDir, out)
  const work = await mkdtemp(join(tmpdir(), 'bakery-schemas-'))
  try {
    const source = join(work, 'compiled-schemas.source.cjs')
    await promisify(execFile)(process.execPath, [join(outdir, 'main.js')], {
      cwd: serviceDir,
      env: {
        PATH: process.env.PATH ?? '',
        ENVIRONMENT: 'production',
        LOG_LEVEL: 'warn',
        // Nothing connects: the pool is lazy and the recording mode never verifies.
        DATABASE_URL: 'postgres://build:build@127.0.0.1:1/build',
        SCHEMAS_RECORD_TO: source,
        // The image's cache is written by its own user (build-service.sh); none from the build.
        NODE_DISABLE_COMPILE_CACHE: '1',
      },
      timeout: 60_000,
    })
    const result = await build({
      entryPoints: [source],
      absWorkingDir: work,
      outfile: join(outdir, COMPILED_SCHEMAS_FILE),
      bundle: true,
      platform: 'node',
      target: ESBUILD_TARGET,
      format: 'cjs',
      plugins: [runtimeHelpers(serviceDir, source)],
      metafile: true,
      logLevel: 'warning',
      legalComments: 'none',
      minifyWhitespace: true,
      minifySyntax: true,
    })
    return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
