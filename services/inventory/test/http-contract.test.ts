import { describeHttpContract } from '@bakery/service-base/testing/http-contract'
import { startTestApp } from './helpers.js'

// An ingredient that exists in this file's database (created by its start below).
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

describeHttpContract('inventory', routes, async (schemas) => {
  const t = await startTestApp({}, schemas)
  await t.sql`INSERT INTO ingredients (id, name, unit, reorder_point) VALUES (${ingredientId}, 'Contract', 'kg', '1')`
  await t.sql`INSERT INTO stock_levels (ingredient_id) VALUES (${ingredientId})`
  return t
})
