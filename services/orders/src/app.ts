import { buildServiceApp } from '@bakery/service-base'
import type { FastifyInstance } from 'fastify'
import type { OrdersConfig } from './config.js'
import { ordersService } from './service-definition.js'

/** The orders app, ready for `inject` or `listen`; it never listens and never touches the schema. */
export function buildApp(config: OrdersConfig): Promise<FastifyInstance> {
  return buildServiceApp(ordersService, config)
}
