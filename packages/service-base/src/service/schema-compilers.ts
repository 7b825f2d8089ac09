import { createRequire } from 'node:module'
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
} from 'fastify'
import { WarningCode } from '../errors.js'
import {
  type CompiledSchemas,
  type SerializeFunction,
  serializerKey,
  type ValidateFunction,
  validatorKey,
} from './schema-keys.js'

/** Where the route schemas' code comes from, as reported in `app.schemaCompilation`. */
export interface SchemaCompilation {
  /** `fresh`: compiled at start; `restored`: the build's compiled-schemas.cjs; `recording`: build time. */
  mode: 'fresh' | 'restored' | 'recording'
  /** Route parts whose code came from the build-time file. */
  restored: number
  /** Route parts the build-time file lacked, compiled at start (before ready) instead. */
  compiledAtStart: string[]
  /** Set when recording (build time): writes the generated module. */
  recorder?: { write(file: string): Promise<void>; readonly counts: Record<string, number> }
}

declare module 'fastify' {
  interface FastifyInstance {
    schemaCompilation: SchemaCompilation
  }
}

export interface SchemaCompilers {
  validator: FastifySchemaCompiler<unknown>
  serializer?: FastifySerializerCompiler<unknown>
  state: SchemaCompilation
  /** Adds what the compilers need once the app exists (compiling what the file lacked, at onReady). */
  install(app: FastifyInstance): void
}

/** Compiles every schema at start (development and tests): Fastify's own serializer compiler. */
export async function freshCompilers(validateSchema: boolean): Promise<SchemaCompilers> {
  const { freshValidatorCompiler } = await import('./fresh-compilers.js')
  const state: SchemaCompilation = { mode: 'fresh', restored: 0, compiledAtStart: [] }
  return { validator: freshValidatorCompiler(validateSchema), state, install: () => {} }
}

/** Reads a compiled-schemas.cjs (the bundled output of SchemaRecorder); throws if it is absent. */
export function loadCompiledSchemas(file: string): CompiledSchemas {
  return createRequire(import.meta.url)(file) as CompiledSchemas
}

/**
 * Serves each route part from the build-time code found under its key. A part the file lacks (a
 * schema changed since the build) gets a stand-in, compiled for real at onReady — before the app
 * can serve or be injected — and is named in a warning: a stale file costs time, never correctness.
 */
export function restoringCompilers(compiled: CompiledSchemas, log: FastifyBaseLogger): SchemaCompilers {
  const state: SchemaCompilation = { mode: 'restored', restored: 0, compiledAtStart: [] }
  const late: Array<(fresh: FreshCompilers) => void> = []
  const validator: FastifySchemaCompiler<unknown> = (route) => {
    const found = compiled.validators[validatorKey(route.httpPart, route.schema)]
    if (found) {
      state.restored++
      return found
    }
    state.compiledAtStart.push(`${route.method} ${route.url} ${route.httpPart}`)
    let real: ValidateFunction | undefined
    const standIn: ValidateFunction = (data) => {
      const valid = (real as ValidateFunction)(data)
      standIn.errors = (real as ValidateFunction).errors
      return valid
    }
    late.push((fresh) => {
      real = fresh.validator(route) as ValidateFunction
    })
    return standIn
  }
  const serializer: FastifySerializerCompiler<unknown> = (route) => {
    const found = compiled.serializers[serializerKey(route.schema)]
    if (found) {
      state.restored++
      return found
    }
    state.compiledAtStart.push(`${route.method} ${route.url} response ${route.httpStatus}`)
    let real: SerializeFunction | undefined
    late.push((fresh) => {
      real = fresh.serializer(route) as SerializeFunction
    })
    return (data: unknown) => (real as SerializeFunction)(data)
  }
  const install = (app: FastifyInstance) =>
    app.addHook('onReady', async () => {
      if (late.length === 0) return
      const { freshValidatorCompiler, freshSerializerCompiler } = await import('./fresh-compilers.js')
      const fresh = { validator: freshValidatorCompiler(false), serializer: freshSerializerCompiler() }
      for (const compile of late.splice(0)) compile(fresh)
      log.warn(
        { code: WarningCode.schemasStale, compiledAtStart: state.compiledAtStart },
        `${state.compiledAtStart.length} route schemas were not in the build's compiled-schemas.cjs and were compiled at start: rebuild the service (pnpm build) so its dist/ carries them.`,
      )
    })
  return { validator, serializer, state, install }
}

interface FreshCompilers {
  validator: FastifySchemaCompiler<unknown>
  serializer: FastifySerializerCompiler<unknown>
}
