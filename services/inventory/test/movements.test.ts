import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIngredient, postMovement, startTestApp, type TestApp, tableCounts } from './helpers.js'

let t: TestApp

beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t?.close()
})

async function stockOf(id: string): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/ingredients/${id}/stock` })
  expect(res.statusCode).toBe(200)
  return res.json().quantity
}

describe('POST /api/v1/ingredients/:id/movements', () => {
  it('adds receipts and removes consumption and waste, exactly', async () => {
    const flour = await createIngredient(t.app, { name: 'Flour for ledger' })
    const receipt = await postMovement(t.app, flour.id, {
      type: 'receipt',
      quantity: '25',
      reference: 'DN-1042',
    })
    expect(receipt.statusCode).toBe(201)
    expect(receipt.json()).toMatchObject({
      movement: {
        type: 'receipt',
        quantity: '25.000',
        balanceAfter: '25.000',
        reference: 'DN-1042',
        reason: null,
      },
      stock: { ingredientId: flour.id, quantity: '25.000' },
    })
    // 0.1 + 0.2 is where floats go wrong; numeric does not.
    expect((await postMovement(t.app, flour.id, { type: 'consumption', quantity: '0.1' })).statusCode).toBe(
      201,
    )
    const waste = await postMovement(t.app, flour.id, { type: 'waste', quantity: '0.2', reason: 'spilled' })
    expect(waste.json().movement).toMatchObject({ type: 'waste', quantity: '-0.200', balanceAfter: '24.700' })
    expect(await stockOf(flour.id)).toBe('24.700')
  })

  it('applies signed adjustments that give a reason', async () => {
    const milk = await createIngredient(t.app, { name: 'Milk for adjustments', unit: 'l' })
    await postMovement(t.app, milk.id, { type: 'receipt', quantity: '10' })
    const down = await postMovement(t.app, milk.id, {
      type: 'adjustment',
      quantity: '-1.5',
      reason: 'stock count',
    })
    expect(down.statusCode).toBe(201)
    expect(down.json().movement).toMatchObject({
      quantity: '-1.500',
      reason: 'stock count',
      balanceAfter: '8.500',
    })
    const up = await postMovement(t.app, milk.id, {
      type: 'adjustment',
      quantity: '+0.25',
      reason: 'found a crate',
    })
    expect(up.json().stock.quantity).toBe('8.750')
  })

  it('refuses a removal larger than the stock with 409 naming what is available, recording nothing', async () => {
    const yeast = await createIngredient(t.app, { name: 'Yeast for refusals', unit: 'g' })
    await postMovement(t.app, yeast.id, { type: 'receipt', quantity: '3.5' })
    const before = await tableCounts(t.sql)
    for (const payload of [
      { type: 'consumption', quantity: '3.501' },
      { type: 'waste', quantity: '4' },
      { type: 'adjustment', quantity: '-10', reason: 'count' },
    ]) {
      const res = await postMovement(t.app, yeast.id, payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(409)
      expect(res.json().code).toBe('INVENTORY_INSUFFICIENT_STOCK')
      expect(res.json().message).toContain('only 3.500 available')
    }
    expect(await tableCounts(t.sql)).toEqual(before)
    expect(await stockOf(yeast.id)).toBe('3.500')
    // Taking exactly what is there is allowed and leaves zero.
    const all = await postMovement(t.app, yeast.id, { type: 'consumption', quantity: '3.5' })
    expect(all.json().stock.quantity).toBe('0.000')
  })

  it.each([
    [{ type: 'receipt' }, 'REQUEST_INVALID', 'body.quantity'],
    [{ type: 'theft', quantity: '1' }, 'REQUEST_INVALID', 'body.type'],
    [{ type: 'receipt', quantity: 1 }, 'REQUEST_INVALID', 'body.quantity'],
    [{ type: 'receipt', quantity: '1e3' }, 'REQUEST_INVALID', 'body.quantity'],
    [{ type: 'receipt', quantity: '0' }, 'INVENTORY_QUANTITY_INVALID', 'body.quantity'],
    [{ type: 'consumption', quantity: '-1' }, 'INVENTORY_QUANTITY_INVALID', 'body.quantity'],
    [{ type: 'adjustment', quantity: '-1' }, 'INVENTORY_REASON_REQUIRED', 'body.reason'],
    [{ type: 'adjustment', quantity: '-1', reason: '  ' }, 'INVENTORY_REASON_REQUIRED', 'body.reason'],
    [{ type: 'receipt', quantity: '1', when: 'now' }, 'REQUEST_INVALID', 'body.when'],
  ])('refuses %j with 400 %s naming %s, recording nothing', async (payload, code, field) => {
    const sugar = await createIngredient(t.app, { name: `Sugar ${randomUUID()}` })
    await postMovement(t.app, sugar.id, { type: 'receipt', quantity: '5' })
    const before = await tableCounts(t.sql)
    const res = await postMovement(t.app, sugar.id, payload)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(code)
    expect(res.json().message).toContain(field)
    expect(await tableCounts(t.sql)).toEqual(before)
    expect(await stockOf(sugar.id)).toBe('5.000')
  })

  it('answers 404 for an unknown ingredient and records nothing', async () => {
    const before = await tableCounts(t.sql)
    const res = await postMovement(t.app, randomUUID(), { type: 'receipt', quantity: '1' })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('INVENTORY_INGREDIENT_NOT_FOUND')
    expect(await tableCounts(t.sql)).toEqual(before)
  })

  it('refuses a receipt that would overflow numeric(18, 3) with 409, recording nothing', async () => {
    const salt = await createIngredient(t.app, { name: 'Salt at the limit', unit: 'g' })
    const max = '999999999999999.999'
    expect((await postMovement(t.app, salt.id, { type: 'receipt', quantity: max })).statusCode).toBe(201)
    const before = await tableCounts(t.sql)
    const res = await postMovement(t.app, salt.id, { type: 'receipt', quantity: '0.001' })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('INVENTORY_STOCK_LIMIT_EXCEEDED')
    expect(await tableCounts(t.sql)).toEqual(before)
    expect(await stockOf(salt.id)).toBe(max)
  })
})

describe('GET /api/v1/ingredients/:id/movements', () => {
  it('pages through the movements newest first', async () => {
    const oil = await createIngredient(t.app, { name: 'Olive oil for paging', unit: 'l' })
    for (let i = 1; i <= 5; i++) await postMovement(t.app, oil.id, { type: 'receipt', quantity: String(i) })
    const quantities: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor ? `&cursor=${cursor}` : ''
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/ingredients/${oil.id}/movements?limit=2${query}`,
      })
      expect(res.statusCode).toBe(200)
      quantities.push(...res.json().items.map((m: { quantity: string }) => m.quantity))
      cursor = res.json().nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(quantities).toEqual(['5.000', '4.000', '3.000', '2.000', '1.000'])
  })

  it('answers an empty page for an ingredient without movements and 404 for an unknown one', async () => {
    const fresh = await createIngredient(t.app, { name: 'Untouched vanilla', unit: 'g' })
    const empty = await t.app.inject({ method: 'GET', url: `/api/v1/ingredients/${fresh.id}/movements` })
    expect(empty.json()).toEqual({ items: [], nextCursor: null })
    const unknown = await t.app.inject({
      method: 'GET',
      url: `/api/v1/ingredients/${randomUUID()}/movements`,
    })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('INVENTORY_INGREDIENT_NOT_FOUND')
  })
})

describe('GET /api/v1/ingredients/:id/stock', () => {
  it('answers the current stock, and 404 for an unknown ingredient', async () => {
    const cocoa = await createIngredient(t.app, { name: 'Cocoa for stock', reorderPoint: '2' })
    await postMovement(t.app, cocoa.id, { type: 'receipt', quantity: '1.75' })
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/ingredients/${cocoa.id}/stock` })
    expect(res.json()).toMatchObject({
      ingredientId: cocoa.id,
      unit: 'kg',
      quantity: '1.750',
      reorderPoint: '2.000',
    })
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/ingredients/${randomUUID()}/stock` })
    expect(unknown.statusCode).toBe(404)
  })
})

describe('the database itself', () => {
  it('refuses to update, delete or truncate ledger rows', async () => {
    const rye = await createIngredient(t.app, { name: 'Rye for the ledger trigger' })
    const posted = await postMovement(t.app, rye.id, { type: 'receipt', quantity: '1' })
    const id = posted.json().movement.id
    await expect(t.sql`UPDATE stock_movements SET quantity = 100 WHERE id = ${id}`).rejects.toThrow(
      /append-only/,
    )
    await expect(t.sql`DELETE FROM stock_movements WHERE id = ${id}`).rejects.toThrow(/append-only/)
    await expect(t.sql`TRUNCATE stock_movements`).rejects.toThrow(/append-only/)
  })

  it('refuses negative stock through its CHECK even when the API is bypassed', async () => {
    const nuts = await createIngredient(t.app, { name: 'Nuts for the check' })
    await expect(
      t.sql`UPDATE stock_levels SET quantity = quantity - 1 WHERE ingredient_id = ${nuts.id}`,
    ).rejects.toMatchObject({ code: '23514', constraint_name: 'stock_levels_quantity_non_negative' })
  })
})
