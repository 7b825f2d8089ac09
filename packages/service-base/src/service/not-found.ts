import type { FastifyInstance } from 'fastify'
import FindMyWay, { type HTTPMethod } from 'find-my-way'
import { RequestErrorCode } from '../http/error-codes.js'

/**
 * 404 ROUTE_NOT_FOUND for a path no route has; 405 METHOD_NOT_ALLOWED with `Allow` for a path that
 * exists under other methods. Fastify's router answers neither question after the fact, so the
 * routes are mirrored into a router of our own as they are declared.
 */
export function installNotFound(app: FastifyInstance): void {
  const known = FindMyWay()
  const methods = new Set<string>()
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      // Fastify declares HEAD next to every GET; a duplicate would throw here, not there.
      if (known.hasRoute(method as HTTPMethod, route.url)) continue
      known.on(method as HTTPMethod, route.url, () => {})
      methods.add(method)
    }
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/'
    const allowed = [...methods].filter((m) => known.find(m as HTTPMethod, path) !== null)
    if (allowed.length > 0) {
      return reply
        .status(405)
        .header('allow', allowed.join(', '))
        .send({
          code: RequestErrorCode.methodNotAllowed,
          message: `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`,
        })
    }
    return reply
      .status(404)
      .send({ code: RequestErrorCode.routeNotFound, message: `No route ${request.method} ${path}` })
  })
}
