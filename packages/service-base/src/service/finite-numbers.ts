import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

interface ObjectSchema {
  properties?: Record<string, { type?: string | string[] }>
}

const NUMERIC = new Set(['integer', 'number'])

/**
 * Ajv's type coercion turns "1e999" and "Infinity" into Infinity and then lets them through
 * `type: integer` and `maximum` (ajv 8.20), so `?limit=1e999` reached SQL and answered 500. Query
 * strings and path params are text until validation: refuse a numeric field whose text is not a
 * finite number before ajv sees it.
 */
export function installFiniteNumberGuard(app: FastifyInstance): void {
  // Attached only to routes with a numeric query or path field, so other routes pay nothing.
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { querystring?: ObjectSchema; params?: ObjectSchema } | undefined
    if (!hasNumeric(schema?.querystring) && !hasNumeric(schema?.params)) return
    const guard = async (request: FastifyRequest, reply: FastifyReply) => {
      const bad =
        firstInfinite('querystring', schema?.querystring, request.query) ??
        firstInfinite('params', schema?.params, request.params)
      if (bad) {
        return reply
          .status(400)
          .send({ code: 'REQUEST_INVALID', message: `${bad} must be a finite number`, field: bad })
      }
    }
    const existing = route.preValidation
    route.preValidation = existing ? [guard, ...(Array.isArray(existing) ? existing : [existing])] : [guard]
  })
}

function hasNumeric(schema: ObjectSchema | undefined): boolean {
  return Object.values(schema?.properties ?? {}).some((prop) =>
    (Array.isArray(prop.type) ? prop.type : [prop.type]).some((t) => t !== undefined && NUMERIC.has(t)),
  )
}

function firstInfinite(
  where: string,
  schema: ObjectSchema | undefined,
  values: FastifyRequest['query'],
): string | undefined {
  if (!schema?.properties || !values || typeof values !== 'object') return undefined
  for (const [key, prop] of Object.entries(schema.properties)) {
    const types = Array.isArray(prop.type) ? prop.type : [prop.type]
    if (!types.some((t) => t && NUMERIC.has(t))) continue
    const raw = (values as Record<string, unknown>)[key]
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (typeof v === 'string' && v.trim() !== '' && Math.abs(Number(v)) === Number.POSITIVE_INFINITY) {
        return `${where}.${key}`
      }
    }
  }
  return undefined
}
