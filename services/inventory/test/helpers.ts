import { fileURLToPath } from 'node:url'
import { createTestDatabase, migrateTestDatabase, type TestDatabase } from '@bakery/service-base/testing'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import postgres, { type Sql } from 'postgres'
import { inject } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

export const serviceDir = fileURLToPath(new URL('..', import.meta.url))
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url))

export interface TestApp {
  app: FastifyInstance
  database: TestDatabase
  /** A separate connection for arranging and asserting rows directly. */
  sql: Sql
  close(): Promise<void>
}

/** A fresh, migrated database and an app on it; `close()` releases everything. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(inject('postgresAdminUrl'), 'inventory')
  await migrateTestDatabase({ url: database.url, service: 'inventory', migrationsFolder })
  const app = await buildApp(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...env }))
  const sql = postgres(database.url, { max: 2, onnotice: () => {}, fetch_types: false })
  return {
    app,
    database,
    sql,
    async close() {
      await app.close()
      await sql.end()
      await database.drop()
    },
  }
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
