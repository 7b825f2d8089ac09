import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'

// Ids from a gateway or a client are kept when they are short printable tokens (a UUID, a trace
// id); anything else — too long, spaces, control characters — is replaced rather than logged.
const ACCEPTED = /^[A-Za-z0-9._:+=/-]{1,128}$/

/** Fastify's `genReqId`: the caller's `x-request-id` when it is acceptable, else a new UUID. */
export const genReqId: FastifyServerOptions['genReqId'] = (request) => {
  const sent = request.headers['x-request-id']
  return typeof sent === 'string' && ACCEPTED.test(sent) ? sent : randomUUID()
}

/**
 * Every response says which request it answers; the same id is on every log line (`reqId`). A
 * callback hook, not an async one: it runs on every request, and an async hook costs a promise.
 */
export function installRequestIdEcho(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
}
