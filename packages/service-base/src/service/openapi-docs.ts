import type { FastifyInstance, FastifyServerOptions, RouteOptions } from 'fastify'

/** What /docs/json describes: `openapi` as @fastify/swagger takes it. */
export interface OpenApiOptions {
  openapi: Record<string, unknown>
}

/**
 * Serves the OpenAPI document at /docs/json, built on its first request instead of at every start:
 * the routes are only noted as they are added; the first request registers @fastify/swagger on a
 * separate, never-listening Fastify instance, adds the same routes to it (no handlers run, nothing
 * compiles their schemas) and keeps the document it generates. Same input, same generator, so the
 * same document as swagger registered on the app itself (openapi-docs.test.ts); the app's routes use
 * no shared schemas (addSchema), which this instance would not see.
 */
export function installLazyOpenApi(
  app: FastifyInstance,
  options: OpenApiOptions,
  fastify: (options: FastifyServerOptions) => FastifyInstance,
): void {
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => {
    routes.push(route)
  })
  let document: Promise<unknown> | undefined
  app.get('/docs/json', { schema: { hide: true } }, () => {
    document ??= generateDocument(routes, options, fastify).catch((err: unknown) => {
      document = undefined
      throw err
    })
    return document
  })
}

async function generateDocument(
  routes: RouteOptions[],
  options: OpenApiOptions,
  fastify: (options: FastifyServerOptions) => FastifyInstance,
): Promise<unknown> {
  const { default: swagger } = await import('@fastify/swagger')
  // Nothing is validated or serialized here: compilers that compile nothing (and load no Ajv).
  const compilersFactory = {
    buildValidator: () => () => () => true,
    buildSerializer: () => () => (data: unknown) => JSON.stringify(data),
  } as unknown as NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
  const docs = fastify({ exposeHeadRoutes: false, schemaController: { compilersFactory } })
  try {
    await docs.register(swagger, options)
    for (const { method, url, schema, config } of routes)
      docs.route({ method, url, schema, config, handler: () => undefined } as RouteOptions)
    await docs.ready()
    return docs.swagger()
  } finally {
    await docs.close()
  }
}
