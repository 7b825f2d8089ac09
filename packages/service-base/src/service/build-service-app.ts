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
import { installLazyOpenApi } from './openapi-docs.js'
import { genReqId, installRequestIdEcho } from './request-id.js'
import type { ServiceDefinition } from './service-definition.js'
import type { ServiceState } from './service-state.js'
import { chooseSchemaCompilers, installValidation, schemaControllerOptions } from './validation.js'

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
  // Route validators and response serializers: in production the build's code (see validation.ts).
  const compilers = await chooseSchemaCompilers(config, logger as FastifyBaseLogger)
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
    ...schemaControllerOptions(compilers),
  })
  // Ajv: bodies validated as sent, query/params/headers coerced from text (see schema-keys.ts).
  installValidation(app, compilers)
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
    const openapi = {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: definition.openapi.title,
          description: definition.openapi.description,
          version: definition.version,
        },
      },
    }
    if (config.docs.ui) {
      // Loaded only when wanted: Swagger UI and its static-file server cost ~60 ms at every start.
      const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([
        import('@fastify/swagger'),
        import('@fastify/swagger-ui'),
      ])
      await app.register(swagger, openapi)
      await app.register(swaggerUi, { routePrefix: '/docs' })
    } else {
      // The document is generated on its first request, not at every start (see openapi-docs.ts).
      installLazyOpenApi(app, openapi, (options) => Fastify(options) as FastifyInstance)
    }
  }
  await definition.routes(app, { db: database.db, sql: database.sql, config })
  return app
}
