import type { FastifyError, FastifyInstance } from 'fastify'
import { isTransientConnectionError } from '../database/connect-retry.js'

/**
 * The one error handler: 4xx answer `{ code, message }` naming what is wrong; a service's coded
 * 502/504 (an upstream it depends on failed) keep their code; database outages answer 503 so
 * clients retry; anything else is logged in full and answered generically.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const first = error.validation[0]
      const field = [error.validationContext, first?.instancePath?.replace(/^\//, '').replaceAll('/', '.')]
        .filter(Boolean)
        .join('.')
      const param =
        (first?.params as { missingProperty?: string; additionalProperty?: string } | undefined) ?? {}
      const named = param.missingProperty ?? param.additionalProperty
      const where = [field, named].filter(Boolean).join('.')
      return reply.status(400).send({
        code: 'REQUEST_INVALID',
        message: `${where || 'request'} ${first?.message ?? 'is invalid'}`,
        field: where || undefined,
      })
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, status }, error.message)
      return reply.status(status).send({ code: error.code ?? 'REQUEST_INVALID', message: error.message })
    }
    // A service's own upstream failures (a provider down or slow) keep their code: clients act on it.
    if ((status === 502 || status === 504) && error.code) {
      request.log.warn({ err: error, code: error.code }, error.message)
      return reply.status(status).send({ code: error.code, message: error.message })
    }
    if (isUnstorableText(error)) {
      request.log.info({ code: 'REQUEST_INVALID', status: 400 }, 'text PostgreSQL cannot store')
      return reply.status(400).send({
        code: 'REQUEST_INVALID',
        message:
          'The request contains text PostgreSQL cannot store (a NUL character, \\u0000, or an invalid byte sequence): remove it and retry.',
      })
    }
    if (isTransientConnectionError(error) || (error as { code?: string }).code === 'PING_TIMEOUT') {
      request.log.error({ err: error }, 'database unavailable')
      return reply
        .status(503)
        .header('retry-after', '1')
        .send({ code: 'SVC_DB_UNAVAILABLE', message: 'The database is unavailable; retry shortly.' })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send({ code: 'INTERNAL', message: 'Internal server error' })
  })
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  )
}

/**
 * PostgreSQL text cannot hold NUL (22021) and JSON validation lets "\u0000" through, so such input
 * failed at the database as a 500: it is the client's input, so a 400. Seen through drizzle's wrapper.
 */
function isUnstorableText(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (code === '22021' || code === '22P05') return true
  }
  return false
}
