import type { FastifyInstance } from 'fastify'
import type { DatabaseManager } from '../database/database-manager.js'

/** Who answers: a launcher checks it, so a stranger holding the port is never taken for its child. */
const PROCESS_ID = String(process.pid)

/**
 * Liveness answers from the process alone, so a database outage never gets pods restarted.
 * Readiness needs the schema verified, the database answering, and no shutdown under way. Both
 * answer with an `x-process-id` header.
 */
export function installHealthRoutes(
  app: FastifyInstance,
  database: DatabaseManager<Record<string, unknown>>,
): void {
  app.get('/health/live', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.header('x-process-id', PROCESS_ID)
    return { status: 'ok' }
  })
  app.get('/health/ready', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.header('x-process-id', PROCESS_ID)
    const state = app.serviceState
    if (state.shuttingDown) return reply.status(503).send({ status: 'shutting_down' })
    if (!state.verification)
      return reply.status(503).send({ status: 'starting', reason: 'schema not verified yet' })
    try {
      await database.ping(2000)
    } catch (err) {
      return reply.status(503).send({ status: 'unavailable', reason: `database: ${(err as Error).message}` })
    }
    return { status: 'ready', revision: state.verification.currentRevision }
  })
}
