import { AjvCompiler } from '@fastify/ajv-compiler'
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify'

// Shared by both compilers: reject what the schema does not describe (never drop it silently),
// report every problem at once, and keep the failing schema on each error (`verbose`) so messages
// can quote its description instead of a raw pattern. allErrors costs more on hostile input;
// bodies are capped at 1 MiB and every array schema carries maxItems.
const common = { removeAdditional: false, useDefaults: true, allErrors: true, verbose: true } as const

/**
 * Two Ajv instances: request bodies are JSON and arrive typed, so they are validated as sent
 * (`{"name":123}` is a 400, never the string "123"); query strings, path parameters and headers
 * are text by nature and keep Ajv's coercion ("20" → 20).
 */
export function installValidation(app: FastifyInstance, options = { validateSchema: true }): void {
  const fromPool = AjvCompiler()
  const shared = { ...common, validateSchema: options.validateSchema }
  const json = fromPool(
    {},
    { customOptions: { ...shared, coerceTypes: false } },
  ) as FastifySchemaCompiler<unknown>
  const text = fromPool(
    {},
    { customOptions: { ...shared, coerceTypes: 'array' } },
  ) as FastifySchemaCompiler<unknown>
  app.setValidatorCompiler((route) => (route.httpPart === 'body' ? json(route) : text(route)))
  // A JSON body sent as text/plain would reach validation as a string ("body must be object"):
  // only application/json is a body this API reads, anything else is 415.
  app.removeContentTypeParser('text/plain')
}
