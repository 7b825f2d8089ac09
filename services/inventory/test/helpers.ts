import { fileURLToPath } from 'node:url'
import {
  type SchemaSource,
  startTestApp as startServiceTestApp,
  type TestApp,
} from '@bakery/service-base/testing'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Sql } from 'postgres'
import { inject } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

export const serviceDir = fileURLToPath(new URL('..', import.meta.url))
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url))

export type { TestApp }

/** The route schemas' code the build generated: what a production start serves from. */
export const compiledSchemasFile = fileURLToPath(new URL('../dist/compiled-schemas.cjs', import.meta.url))

/** A fresh, migrated database and an app on it; `close()` releases everything. */
export function startTestApp(
  env: Record<string, string> = {},
  schemas: SchemaSource = 'build',
): Promise<TestApp> {
  return startServiceTestApp({
    adminUrl: inject('postgresAdminUrl'),
    service: 'inventory',
    migrationsFolder,
    build: (appEnv) => buildApp(loadConfig(appEnv)),
    env: { ...(schemas === 'build' ? { SCHEMAS_FILE: compiledSchemasFile } : {}), ...env },
  })
}

/** Row counts of every table, to assert that a refused request changed nothing. */
export async function tableCounts(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql<{ ingredients: number; stock_levels: number; stock_movements: number }[]>`
    SELECT (SELECT count(*)::int FROM ingredients) AS ingredients,
           (SELECT count(*)::int FROM stock_levels) AS stock_levels,
           (SELECT count(*)::int FROM stock_movements) AS stock_movements`
  return { ...row }
}

export interface IngredientBody {
  id: string
  name: string
  unit: string
  reorderPoint: string
  reorderQuantity: string | null
  stock: string
}

/** Creates an ingredient through the API and returns its body. */
export async function createIngredient(
  app: FastifyInstance,
  body: { name: string; unit?: string; reorderPoint?: string; reorderQuantity?: string | null },
): Promise<IngredientBody> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/ingredients',
    payload: { unit: 'kg', reorderPoint: '0', ...body },
  })
  if (res.statusCode !== 201) throw new Error(`create ingredient: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** Records a movement through the API and returns the raw response. */
export function postMovement(
  app: FastifyInstance,
  ingredientId: string,
  payload: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/api/v1/ingredients/${ingredientId}/movements`, payload })
}
