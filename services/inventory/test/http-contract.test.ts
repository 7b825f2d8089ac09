import {
  answerHostileRequest,
  countAllRows,
  expectedAnswer,
  hostileRequests,
  schemaSourceProblems,
  schemaSources,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './helpers.js'

// An ingredient that exists in this file's database (created in beforeAll).
const ingredientId = '2c8f4b1e-5d3a-4e6f-9b7c-1a0d2e3f4a5b'

const routes = [
  { method: 'POST', url: '/api/v1/ingredients', validBody: { name: 'Rye', unit: 'kg', reorderPoint: '5' } },
  {
    method: 'POST',
    url: `/api/v1/ingredients/${ingredientId}/movements`,
    validBody: { type: 'receipt', quantity: '2.5', reference: 'DN-1' },
  },
  { method: 'PATCH', url: `/api/v1/ingredients/${ingredientId}`, validBody: { reorderPoint: '3' } },
] as const

describe.each(schemaSources)(
  'the HTTP contract (service-base) on the inventory routes: %s',
  (_name, schemas) => {
    let t: TestApp
    beforeAll(async () => {
      t = await startTestApp({}, schemas)
      await t.sql`INSERT INTO ingredients (id, name, unit, reorder_point) VALUES (${ingredientId}, 'Contract', 'kg', '1')`
      await t.sql`INSERT INTO stock_levels (ingredient_id) VALUES (${ingredientId})`
    })
    afterAll(() => t?.close())

    it('takes every route schema from where it was asked to', async () => {
      await t.app.ready()
      expect(schemaSourceProblems(t.app, schemas)).toEqual([])
    })

    for (const hostile of routes.flatMap((route) =>
      hostileRequests({ ...route, validBody: { ...route.validBody } }),
    )) {
      it(`answers ${hostile.name} with ${hostile.status} ${hostile.code} and writes nothing`, async () => {
        const before = await countAllRows(t.sql)
        expect(await answerHostileRequest(t.app, hostile)).toEqual(expectedAnswer(hostile))
        expect(await countAllRows(t.sql)).toEqual(before)
      })
    }
  },
)
