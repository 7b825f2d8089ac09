import { writeFile } from 'node:fs/promises'
import { StandaloneValidator } from '@fastify/ajv-compiler'
import { StandaloneSerializer } from '@fastify/fast-json-stringify-compiler'
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify'
import { compilerByHttpPart, SERIALIZER_OPTIONS, serializerKey, validatorKey } from './schema-keys.js'

// Build time only (SCHEMAS_RECORD_TO): imported on demand, never in a service's start.

/**
 * Compiles every route's schemas as a start would, and keeps the code Ajv and fast-json-stringify
 * generate for each (their standalone modes), keyed as the restoring side looks them up.
 */
export class SchemaRecorder {
  readonly #validators = new Map<string, string>()
  readonly #serializers = new Map<string, string>()

  validatorCompiler(validateSchema: boolean): FastifySchemaCompiler<unknown> {
    const fromPool = StandaloneValidator({
      readMode: false,
      storeFunction: (route, code) => this.#validators.set(validatorKey(route.httpPart, route.schema), code),
    })
    return compilerByHttpPart(fromPool, validateSchema)
  }

  /** The recorded serializers are code only: an app built with this compiler must not serve. */
  serializerCompiler(): FastifySerializerCompiler<unknown> {
    const factory = StandaloneSerializer({
      readMode: false,
      storeFunction: (route, code) => this.#serializers.set(serializerKey(route.schema), code),
    })
    // inlineValidators: anyOf/if branches get Ajv's standalone code too, so nothing compiles at start.
    return factory({}, {
      ...SERIALIZER_OPTIONS,
      inlineValidators: true,
    } as object) as FastifySerializerCompiler<unknown>
  }

  get counts(): { validators: number; serializers: number } {
    return { validators: this.#validators.size, serializers: this.#serializers.size }
  }

  /** A CommonJS module exporting `{ validators, serializers }` (CompiledSchemas), to be bundled. */
  source(): string {
    const entries = (codes: Map<string, string>) =>
      [...codes].map(
        ([key, code]) => `${JSON.stringify(key)}: load(function (module, exports) {\n${code}\n}),`,
      )
    return [
      "'use strict'",
      '// Generated at build time by @bakery/service-base (schema-recorder.ts): do not edit.',
      'function load(body) { const module = { exports: {} }; body(module, module.exports); return module.exports }',
      'exports.validators = {',
      ...entries(this.#validators),
      '}',
      'exports.serializers = {',
      ...entries(this.#serializers),
      '}',
      '',
    ].join('\n')
  }

  async write(file: string): Promise<void> {
    await writeFile(file, this.source())
  }
}
