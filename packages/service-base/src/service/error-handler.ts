import type { FastifyError, FastifyInstance } from 'fastify'
import { isTransientConnectionError } from '../database/connect-retry.js'
import { RequestErrorCode } from '../http/error-codes.js'
import { describeQueryError } from './query-error.js'
import { type AjvIssue, describeValidation } from './validation-problems.js'

/** Fastify's own rejections of a body, answered with our codes and a sentence a person can act on. */
const FRAMEWORK_REJECTIONS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: RequestErrorCode.jsonInvalid,
    message: 'The body is not valid JSON: check quotes, commas and brackets, and send it again.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: RequestErrorCode.bodyEmpty,
    message: 'The body is empty but Content-Type says JSON: send a JSON document, or no Content-Type.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: RequestErrorCode.mediaTypeUnsupported,
    message: 'The body must be JSON sent with Content-Type: application/json.',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    status: 415,
    code: RequestErrorCode.mediaTypeUnsupported,
    message: 'The body must be JSON sent with Content-Type: application/json.',
  },
  FST_ERR_CTP_EMPTY_TYPE: {
    status: 415,
    code: RequestErrorCode.mediaTypeUnsupported,
    message: 'The body must be JSON sent with Content-Type: application/json.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: RequestErrorCode.bodyTooLarge,
    message: 'The body is larger than 1 MiB: send less per request (split a batch).',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: RequestErrorCode.invalid,
    message: 'Content-Length does not match the body sent.',
  },
}

/**
 * The one error handler: 4xx answer `{ code, message }` naming what is wrong (every schema problem
 * in `errors`); a service's coded 502/504 (an upstream it depends on failed) keep their code;
 * database outages answer 503 so clients retry; anything else is logged in full and answered
 * generically, with the request id that finds the log line.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const problems = describeValidation(error.validation as AjvIssue[], error.validationContext)
      const first = problems[0]
      request.log.info({ code: RequestErrorCode.invalid, status: 400, fields: problems.map((p) => p.field) })
      // No body at all on a route that needs one reads better as its own code than "body must be an object".
      if (error.validationContext === 'body' && request.body === undefined) {
        return reply.status(400).send({
          code: RequestErrorCode.bodyEmpty,
          message: 'This endpoint needs a JSON body sent with Content-Type: application/json.',
          field: 'body',
        })
      }
      return reply.status(400).send({
        code: RequestErrorCode.invalid,
        message: problems.map((p) => `${p.field} ${p.message}`).join('; ') || 'The request is invalid.',
        field: first?.field,
        errors: problems,
      })
    }
    const framework = error.code ? FRAMEWORK_REJECTIONS[error.code] : undefined
    if (framework) {
      request.log.info({ code: framework.code, status: framework.status }, framework.message)
      return reply.status(framework.status).send({ code: framework.code, message: framework.message })
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Fastify's remaining FST_ERR_* 4xx are request faults too: our code, its message.
      const code = !error.code || error.code.startsWith('FST_') ? RequestErrorCode.invalid : error.code
      request.log.info({ code, status }, error.message)
      return reply.status(status).send({ code, message: error.message })
    }
    // A service's own upstream failures (a provider down or slow) keep their code: clients act on it.
    if ((status === 502 || status === 504) && error.code) {
      request.log.warn({ err: error, code: error.code }, error.message)
      return reply.status(status).send({ code: error.code, message: error.message, requestId: request.id })
    }
    if (isUnstorableText(error)) {
      request.log.info({ code: RequestErrorCode.invalid, status: 400 }, 'text PostgreSQL cannot store')
      return reply.status(400).send({
        code: RequestErrorCode.invalid,
        message:
          'The request contains text PostgreSQL cannot store (a NUL character, \\u0000, or an invalid byte sequence): remove it and retry.',
      })
    }
    if (isTransientConnectionError(error) || (error as { code?: string }).code === 'PING_TIMEOUT') {
      request.log.error({ err: describeQueryError(error) }, 'database unavailable')
      return reply.status(503).header('retry-after', '1').send({
        code: RequestErrorCode.databaseUnavailable,
        message: 'The database is unavailable; retry shortly.',
        requestId: request.id,
      })
    }
    request.log.error({ err: describeQueryError(error) }, 'request failed')
    return reply.status(500).send({
      code: RequestErrorCode.internal,
      message: `Internal server error; quote request id ${request.id} when reporting it.`,
      requestId: request.id,
    })
  })
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
