import { createHash } from 'node:crypto'
// Types only: a production start restores compiled code and must not evaluate Ajv.
import type { BuildCompilerFromPool } from '@fastify/ajv-compiler'
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'

// Shared by both Ajv configurations: reject what the schema does not describe (never drop it
// silently), report every problem at once, and keep the failing schema on each error (`verbose`) so
// messages can quote its description instead of a raw pattern. allErrors costs more on hostile
// input; bodies are capped at 1 MiB and every array schema carries maxItems.
const common = { removeAdditional: false, useDefaults: true, allErrors: true, verbose: true } as const

/**
 * Two Ajv configurations: request bodies are JSON and arrive typed, so they are validated as sent
 * (`{"name":123}` is a 400, never the string "123"); query strings, path parameters and headers
 * are text by nature and keep Ajv's coercion ("20" → 20).
 */
export const AJV_OPTIONS = {
  json: { ...common, coerceTypes: false },
  text: { ...common, coerceTypes: 'array' },
} as const

export type AjvVariant = keyof typeof AJV_OPTIONS

/** Which Ajv configuration validates a request part. */
export const ajvVariant = (httpPart: string | undefined): AjvVariant =>
  httpPart === 'body' ? 'json' : 'text'

/** One validator compiler over an Ajv pool: each request part with its configuration (`ajvVariant`). */
export function compilerByHttpPart(
  fromPool: BuildCompilerFromPool,
  validateSchema: boolean,
): FastifySchemaCompiler<unknown> {
  const compiler = (variant: AjvVariant) =>
    fromPool(
      {},
      { customOptions: { ...AJV_OPTIONS[variant], validateSchema } },
    ) as FastifySchemaCompiler<unknown>
  const compilers = { json: compiler('json'), text: compiler('text') }
  return (route) => compilers[ajvVariant(route.httpPart)](route)
}

/** fast-json-stringify's options: Fastify's default (none). */
export const SERIALIZER_OPTIONS = {} as const

/**
 * What a compiled validator is looked up by: the schema and every option that shapes its code. A
 * schema or an option changed since the build gives another key, so a stale build-time file can
 * only miss (and the schema is compiled at start), never answer for another schema.
 */
export function validatorKey(httpPart: string | undefined, schema: unknown): string {
  const variant = ajvVariant(httpPart)
  return digest(['validator', variant, AJV_OPTIONS[variant], schema])
}

/** What a compiled response serializer is looked up by (see validatorKey). */
export function serializerKey(schema: unknown): string {
  return digest(['serializer', SERIALIZER_OPTIONS, schema])
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

/** A validator as Fastify calls it: true when valid, else false with `errors` set. */
export type ValidateFunction = ((data: unknown) => boolean) & {
  errors?: FastifySchemaValidationError[] | null
}
export type SerializeFunction = (data: unknown) => string

/** The build-time output (`compiled-schemas.cjs`): code for every route's schemas, by key. */
export interface CompiledSchemas {
  validators: Record<string, ValidateFunction>
  serializers: Record<string, SerializeFunction>
}
