import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIngredient, postMovement, startTestApp, type TestApp } from './helpers.js'

// A pool larger than the default so that many transactions really do race for the same row.
let t: TestApp

beforeAll(async () => {
  t = await startTestApp({ DB_POOL_MAX: '20' })
})
afterAll(async () => {
  await t?.close()
})

async function ledger(id: string) {
  const [row] = await t.sql<{ stock: string; total: string; consumptions: number }[]>`
    SELECT s.quantity AS stock,
           (SELECT coalesce(sum(quantity), 0)::numeric(18, 3)::text FROM stock_movements WHERE ingredient_id = ${id}) AS total,
           (SELECT count(*)::int FROM stock_movements WHERE ingredient_id = ${id} AND type = 'consumption') AS consumptions
    FROM stock_levels s WHERE s.ingredient_id = ${id}`
  if (!row) throw new Error(`no stock row for ${id}`)
  return row
}

describe('concurrent consumption', () => {
  it('lets exactly as many through as the stock allows and never goes negative', async () => {
    const butter = await createIngredient(t.app, { name: 'Butter under contention' })
    await postMovement(t.app, butter.id, { type: 'receipt', quantity: '10' })

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        postMovement(t.app, butter.id, { type: 'consumption', quantity: '1' }),
      ),
    )
    const statuses = responses.map((r) => r.statusCode)
    expect(statuses.filter((s) => s === 201)).toHaveLength(10)
    expect(statuses.filter((s) => s === 409)).toHaveLength(40)
    for (const r of responses.filter((r) => r.statusCode === 409)) {
      expect(r.json()).toMatchObject({ code: 'INVENTORY_INSUFFICIENT_STOCK' })
      expect(r.json().message).toMatch(/only 0\.000 available/)
    }
    // Every success saw a distinct balance: the removals were serialised on the row.
    const balances = responses.filter((r) => r.statusCode === 201).map((r) => r.json().movement.balanceAfter)
    expect(new Set(balances).size).toBe(10)

    const after = await ledger(butter.id)
    expect(after).toEqual({ stock: '0.000', total: '0.000', consumptions: 10 })
  })

  it('keeps sum(movements) equal to the stock under mixed concurrent receipts and removals', async () => {
    const sugar = await createIngredient(t.app, { name: 'Sugar under contention' })
    await postMovement(t.app, sugar.id, { type: 'receipt', quantity: '5' })
    const requests = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? postMovement(t.app, sugar.id, { type: 'receipt', quantity: '0.5' })
        : postMovement(t.app, sugar.id, { type: i % 3 === 1 ? 'consumption' : 'waste', quantity: '0.75' }),
    )
    const statuses = (await Promise.all(requests)).map((r) => r.statusCode)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    const after = await ledger(sugar.id)
    expect(after.total).toBe(after.stock)
    expect(Number(after.stock)).toBeGreaterThanOrEqual(0)
    const [{ negatives } = { negatives: -1 }] = await t.sql<{ negatives: number }[]>`
      SELECT count(*)::int AS negatives FROM stock_movements WHERE ingredient_id = ${sugar.id} AND balance_after < 0`
    expect(negatives).toBe(0)
  })
})
