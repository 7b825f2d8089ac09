import { createRequire } from 'node:module'
import Fastify, { type FastifyInstance } from 'fastify'
import type { CompiledSchemas } from '../service/schema-keys.js'
import { SchemaRecorder } from '../service/schema-recorder.js'
import { schemaControllerOptions } from '../service/validation.js'

/**
 * What the build would write for the routes `addRoutes` registers (the recording compilers of a
 * production build), loaded in memory: the production path, without a service bundle.
 */
export async function recordRoutes(addRoutes: (app: FastifyInstance) => void): Promise<CompiledSchemas> {
  const recorder = new SchemaRecorder()
  const compilers = {
    validator: recorder.validatorCompiler(false),
    serializer: recorder.serializerCompiler(),
    state: { mode: 'recording' as const, restored: 0, compiledAtStart: [] },
    install: () => {},
  }
  const app = Fastify(schemaControllerOptions(compilers))
  addRoutes(app)
  await app.ready()
  await app.close()
  return loadRecordedSource(recorder.source())
}

/**
 * Evaluates a recorded module as the bundler would link it: its bare requires (Ajv's and
 * fast-json-stringify's runtime helpers) resolve from service-base's compilers, as in
 * service-build's compile-schemas.mjs.
 */
export function loadRecordedSource(source: string): CompiledSchemas {
  const own = createRequire(import.meta.url)
  const from = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'].map((name) =>
    createRequire(own.resolve(name)),
  )
  const require = (id: string) => {
    for (const r of from) {
      try {
        return r(id)
      } catch {}
    }
    throw new Error(`recorded schemas require ${id}, which service-base's compilers do not provide`)
  }
  const module = { exports: {} as CompiledSchemas }
  new Function('module', 'exports', 'require', source)(module, module.exports, require)
  return module.exports
}
