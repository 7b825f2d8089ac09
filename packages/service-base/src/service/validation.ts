import { fileURLToPath } from 'node:url'
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify'
import type { ServiceConfig } from '../config/service-config.js'
import { WarningCode } from '../errors.js'
import {
  freshCompilers,
  loadCompiledSchemas,
  restoringCompilers,
  type SchemaCompilers,
} from './schema-compilers.js'

/**
 * Where a production start finds its route schemas' code: beside the bundle that runs this module
 * (service-build writes dist/compiled-schemas.cjs next to dist/main.bundle.js and its chunks).
 */
export const BUNDLED_SCHEMAS_FILE = fileURLToPath(new URL('./compiled-schemas.cjs', import.meta.url))

/**
 * Picks how route schemas become validators and serializers. Production restores the code the build
 * generated (Ajv and fast-json-stringify compile nothing at start); SCHEMAS_FILE does the same from
 * another file (the tests of that path); SCHEMAS_RECORD_TO generates that code (the build); anything
 * else compiles at start. A production build without the file says so and compiles at start.
 */
export async function chooseSchemaCompilers(
  config: ServiceConfig,
  log: FastifyBaseLogger,
): Promise<SchemaCompilers> {
  // Checking each route schema against JSON Schema's meta-schema first compiles the meta-schema
  // itself. Tests and development check; production runs the very schemas they checked
  // (route-schema-check.test.ts proves a bad one is refused).
  const validateSchema = config.environment !== 'production'
  if (config.schemas.recordTo) return recordingCompilers(validateSchema)
  const file = config.schemas.file ?? (config.environment === 'production' ? BUNDLED_SCHEMAS_FILE : undefined)
  if (!file) return freshCompilers(validateSchema)
  try {
    return restoringCompilers(loadCompiledSchemas(file), log)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || config.schemas.file) throw err
    log.warn(
      { code: WarningCode.schemasNotPrecompiled, file },
      `No build-time compiled schemas at ${file}: every route schema is compiled at start. Build the service with its build script (build-service), which writes it.`,
    )
    return freshCompilers(validateSchema)
  }
}

async function recordingCompilers(validateSchema: boolean): Promise<SchemaCompilers> {
  const { SchemaRecorder } = await import('./schema-recorder.js')
  const recorder = new SchemaRecorder()
  return {
    validator: recorder.validatorCompiler(validateSchema),
    serializer: recorder.serializerCompiler(),
    state: { mode: 'recording', restored: 0, compiledAtStart: [], recorder },
    install: () => {},
  }
}

/**
 * Fastify's options for `compilers`. Given at construction, not by setValidatorCompiler: Fastify
 * then never loads its own Ajv and fast-json-stringify compilers (without a serializer of ours, it
 * uses its own, as by default).
 */
export function schemaControllerOptions(
  compilers: SchemaCompilers,
): Pick<FastifyServerOptions, 'schemaController'> {
  const { validator, serializer } = compilers
  // Fastify types these factories by Ajv's own signatures; ours return Fastify's compiler functions.
  const compilersFactory = {
    buildValidator: () => validator,
    ...(serializer ? { buildSerializer: () => serializer } : {}),
  } as unknown as NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
  return { schemaController: { compilersFactory } }
}

/** The compilers, installed on a new app; a JSON body sent as text/plain is refused (415). */
export function installValidation(app: FastifyInstance, compilers: SchemaCompilers): void {
  compilers.install(app)
  app.decorate('schemaCompilation', compilers.state)
  // A JSON body sent as text/plain would reach validation as a string ("body must be object"):
  // only application/json is a body this API reads, anything else is 415.
  app.removeContentTypeParser('text/plain')
}
