import { buildServiceApp } from '@bakery/service-base'
import type { FastifyInstance } from 'fastify'
import type { InventoryConfig } from './config.js'
import { inventoryService } from './service-definition.js'

/** The inventory Fastify instance with every route; never listens (tests use `inject`). */
export function buildApp(config: InventoryConfig): Promise<FastifyInstance> {
  return buildServiceApp(inventoryService, config)
}
