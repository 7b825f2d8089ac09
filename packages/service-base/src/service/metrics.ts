import type { FastifyInstance, onResponseHookHandler } from 'fastify'
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

export interface ServiceMetrics {
  registry: Registry
  startupSeconds: Gauge
  verificationSeconds: Gauge
}

/**
 * Prometheus metrics on a registry of the app's own (tests build many apps in one process).
 * Request durations are labelled by route pattern, never by raw URL, to keep cardinality bounded.
 */
export function installMetrics(
  app: FastifyInstance,
  labels: { service: string; version: string },
): ServiceMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ service: labels.service })
  collectDefaultMetrics({ register: registry })
  new Gauge({
    name: 'service_info',
    help: 'Build information',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version: labels.version }, 1)
  const startupSeconds = new Gauge({
    name: 'service_startup_duration_seconds',
    help: 'Process start to listening, in seconds',
    registers: [registry],
  })
  const verificationSeconds = new Gauge({
    name: 'service_db_verification_duration_seconds',
    help: 'Time spent verifying the database schema at startup, in seconds',
    registers: [registry],
  })
  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  // Attached to each route as it is declared, with its pattern at hand: no per-request lookup of
  // the route (request.routeOptions builds an object each time), and health checks and scrapes
  // carry no hook at all. A callback hook, not an async one: no promise per response.
  app.addHook('onRoute', (route) => {
    const pattern = route.url
    if (pattern.startsWith('/health') || pattern === '/metrics') return
    const observe: onResponseHookHandler = (request, reply, done) => {
      requests.observe(
        { method: request.method, route: pattern, status_code: reply.statusCode },
        reply.elapsedTime / 1000,
      )
      done()
    }
    const existing = route.onResponse
    route.onResponse = existing ? [...(Array.isArray(existing) ? existing : [existing]), observe] : [observe]
  })
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })
  return { registry, startupSeconds, verificationSeconds }
}
