import swagger from '@fastify/swagger'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify'
import type { ServiceConfig } from '../config/service-config.js'
import { DatabaseManager } from '../database/database-manager.js'
import { createLogger, type Logger } from '../logger.js'
import { installErrorHandler } from './error-handler.js'
import { installFiniteNumberGuard } from './finite-numbers.js'
import { installHealthRoutes } from './health-routes.js'
import { installIdempotencyPurge, usesIdempotency } from './idempotency-purge.js'
import { installMetrics, type ServiceMetrics } from './metrics.js'
import { installNotFound } from './not-found.js'
import { genReqId, installRequestIdEcho } from './request-id.js'
import type { ServiceDefinition } from './service-definition.js'
import type { ServiceState } from './service-state.js'
import { installValidation } from './validation.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseManager<Record<string, unknown>>
    metrics: ServiceMetrics
  }
}

export interface BuildOptions {
  logger?: Logger
}

/**
 * The service's Fastify instance: logging, error handling, health, metrics, OpenAPI docs at /docs,
 * the database pool (closed in onClose) and the service's routes. It never listens and never
 * touches the schema: `BaseService` verifies, tests `inject`.
 */
export async function buildServiceApp<TSchema extends Record<string, unknown>, TConfig extends ServiceConfig>(
  definition: ServiceDefinition<TSchema, TConfig>,
  config: TConfig,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const logger = options.logger ?? createLogger({ name: definition.name, level: config.logLevel })
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // x-request-id: the caller's when well-formed, else generated (see request-id.ts).
    requestIdHeader: false,
    genReqId,
    // Per-request lines only when debugging: at info they would dominate the log and the CPU.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
    bodyLimit: 1024 * 1024,
  })
  // Ajv: bodies validated as sent, query/params/headers coerced from text (see validation.ts).
  // Checking each route schema against JSON Schema's meta-schema first compiles the meta-schema
  // itself: the largest single cost of a start. Tests and development check; production runs the very
  // schemas they checked (route-schema-check.test.ts proves a bad one is refused).
  installValidation(app, { validateSchema: config.environment !== 'production' })
  const state: ServiceState = { verification: undefined, shuttingDown: false, startedAt: Date.now() }
  app.decorate('serviceState', state)

  const database = new DatabaseManager(config.database, {
    applicationName: definition.name,
    schema: definition.schema,
  })
  app.decorate('database', database as unknown as DatabaseManager<Record<string, unknown>>)
  app.addHook('onClose', async () => {
    await database.close()
  })
  // server.close() waits for keep-alive sockets; a response sent while shutting down tells the
  // client to drop its socket, so in-flight requests finish and the process can still exit.
  // A callback hook: it runs on every response, and an async hook costs a promise each time.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (state.shuttingDown) reply.header('connection', 'close')
    done(null, payload)
  })

  installRequestIdEcho(app)
  installErrorHandler(app)
  installNotFound(app)
  installFiniteNumberGuard(app)
  app.decorate('metrics', installMetrics(app, { service: definition.name, version: definition.version }))
  installHealthRoutes(app, app.database)
  if (usesIdempotency(definition.schema))
    installIdempotencyPurge(app, database.sql, config.idempotency.ttlSeconds)

  if (definition.openapi) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: definition.openapi.title,
          description: definition.openapi.description,
          version: definition.version,
        },
      },
    })
    if (config.docs.ui) {
      // Loaded only when wanted: Swagger UI and its static-file server cost ~60 ms at every start.
      const { default: swaggerUi } = await import('@fastify/swagger-ui')
      await app.register(swaggerUi, { routePrefix: '/docs' })
    } else {
      app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger())
    }
  }
  await definition.routes(app, { db: database.db, sql: database.sql, config })
  return app
}
