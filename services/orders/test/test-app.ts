import { fileURLToPath } from 'node:url'
import {
  type SchemaSource,
  startTestApp as startServiceTestApp,
  type TestApp,
} from '@bakery/service-base/testing'
import type { FastifyInstance } from 'fastify'
import type { Sql } from 'postgres'
import { inject } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

export const serviceDir = fileURLToPath(new URL('..', import.meta.url))
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url))
/** The route schemas' code the build generated: what a production start serves from. */
export const compiledSchemasFile = fileURLToPath(new URL('../dist/compiled-schemas.cjs', import.meta.url))

export type { TestApp }

/** A fresh, fully migrated database and the app built on it (one per test file). */
export function startTestApp(schemas: SchemaSource = 'build'): Promise<TestApp> {
  return startServiceTestApp({
    adminUrl: inject('postgresAdminUrl'),
    service: 'orders',
    migrationsFolder,
    build: (env) => buildApp(loadConfig(env)),
    env: { DB_POOL_MAX: '10', ...(schemas === 'build' ? { SCHEMAS_FILE: compiledSchemasFile } : {}) },
  })
}

/** Row counts of every table, to prove a rejected request changed nothing. */
export async function countRows(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql<{ customers: number; orders: number; lines: number; keys: number }[]>`
    SELECT (SELECT count(*)::int FROM customers) AS customers,
           (SELECT count(*)::int FROM orders) AS orders,
           (SELECT count(*)::int FROM order_lines) AS lines,
           (SELECT count(*)::int FROM idempotency_keys) AS keys`
  return { ...row }
}

export async function createCustomer(app: FastifyInstance, name = 'Café Flore'): Promise<{ id: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/customers', payload: { name } })
  if (res.statusCode !== 201) throw new Error(`createCustomer: ${res.statusCode} ${res.body}`)
  return res.json()
}

export function orderBody(customerId: string, overrides: Record<string, unknown> = {}) {
  return {
    customerId,
    lines: [
      { sku: 'BAGUETTE', name: 'Baguette tradition', quantity: '3', unitPrice: '1.10' },
      { sku: 'CROISSANT', name: 'Croissant au beurre', quantity: '12', unitPrice: '1.35' },
    ],
    ...overrides,
  }
}
