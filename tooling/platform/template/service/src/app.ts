import { buildServiceApp } from '@bakery/service-base'
import type { FastifyInstance } from 'fastify'
import type { __Name__Config } from './config.js'
import { __name__Service } from './service-definition.js'

/** The __name__ app, ready for `inject` or `listen`; it never listens and never touches the schema. */
export function buildApp(config: __Name__Config): Promise<FastifyInstance> {
  return buildServiceApp(__name__Service, config)
}
