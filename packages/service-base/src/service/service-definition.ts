import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import type { FastifyInstance } from 'fastify'
import type { Sql } from 'postgres'
import type { ServiceConfig } from '../config/service-config.js'

/** What a route plugin receives besides the Fastify instance. */
export interface ServiceContext<TSchema extends Record<string, unknown>, TConfig extends ServiceConfig> {
  db: PostgresJsDatabase<TSchema>
  sql: Sql
  config: TConfig
}

/** Everything the chassis needs to know about one service. */
export interface ServiceDefinition<
  TSchema extends Record<string, unknown> = Record<string, unknown>,
  TConfig extends ServiceConfig = ServiceConfig,
> {
  /** Short name: `orders`. Used in logs, metrics, the application_name and error hints. */
  name: string
  version: string
  /** Absolute path of the service's drizzle-kit output folder. */
  migrationsFolder: string
  /** The drizzle schema (tables, relations) for the typed query API. */
  schema: TSchema
  openapi?: { title: string; description: string }
  /** Registers the service's routes (under `/api/v1` by convention). */
  routes: (app: FastifyInstance, ctx: ServiceContext<TSchema, TConfig>) => Promise<void> | void
}

/** Identity helper that keeps the schema and config types of a definition. */
export function defineService<
  TSchema extends Record<string, unknown>,
  TConfig extends ServiceConfig = ServiceConfig,
>(definition: ServiceDefinition<TSchema, TConfig>): ServiceDefinition<TSchema, TConfig> {
  return definition
}
