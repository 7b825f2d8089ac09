import { AjvCompiler } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify'
import { compilerByHttpPart } from './schema-keys.js'

// Imported only when something is compiled at start (development, tests, or a schema the
// build-time file lacks): evaluating Ajv and fast-json-stringify is itself part of a start's cost.

/** Compiles each route part with its Ajv configuration (see schema-keys.ts), as Fastify asks. */
export function freshValidatorCompiler(validateSchema: boolean): FastifySchemaCompiler<unknown> {
  return compilerByHttpPart(AjvCompiler(), validateSchema)
}

/** Fastify's own response serializer compiler, with its default options. */
export function freshSerializerCompiler(): FastifySerializerCompiler<unknown> {
  return SerializerSelector()({}, {}) as FastifySerializerCompiler<unknown>
}
