import type { VerificationResult } from '../migrations/verify-database.js'

/** Lifecycle facts the health routes report. */
export interface ServiceState {
  /** Set once `handleDatabaseTables()` has verified the schema. */
  verification: VerificationResult | undefined
  /** Set on SIGTERM/SIGINT: readiness turns 503 before the server stops accepting. */
  shuttingDown: boolean
  startedAt: number
}

declare module 'fastify' {
  interface FastifyInstance {
    serviceState: ServiceState
  }
}
