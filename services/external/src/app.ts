import { buildServiceApp } from '@bakery/service-base'
import type { FastifyInstance } from 'fastify'
import type { ExternalConfig } from './config.js'
import { externalService } from './service-definition.js'

/** The external service's Fastify instance. Never listens: `main.ts` does, tests `inject`. */
export function buildApp(config: ExternalConfig): Promise<FastifyInstance> {
  return buildServiceApp(externalService, config)
}
