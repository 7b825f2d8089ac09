import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIngredient, startTestApp, type TestApp } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t?.close())

const movements = async (ingredientId: string) =>
  (await t.sql`SELECT count(*)::int AS n FROM stock_movements WHERE ingredient_id = ${ingredientId}`)[0]?.n

describe('Idempotency-Key on the creating POSTs', () => {
  it('records a retried receipt once, replaying the first answer', async () => {
    const flour = await createIngredient(t.app, { name: 'Flour retried' })
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/ingredients/${flour.id}/movements`,
        headers: { 'idempotency-key': 'receipt-DN-77' },
        payload: { type: 'receipt', quantity: '25' },
      })
    const first = await send()
    const retry = await send()
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201])
    expect(retry.json()).toEqual(first.json())
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(await movements(flour.id)).toBe(1)
    const stock = await t.app.inject({ url: `/api/v1/ingredients/${flour.id}/stock` })
    expect(stock.json().quantity).toBe('25.000')
  })

  it('refuses the same key with another body with 422 and records nothing', async () => {
    const salt = await createIngredient(t.app, { name: 'Salt retried' })
    const post = (quantity: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/ingredients/${salt.id}/movements`,
        headers: { 'idempotency-key': 'receipt-DN-78' },
        payload: { type: 'receipt', quantity },
      })
    expect((await post('1')).statusCode).toBe(201)
    const reused = await post('2')
    expect([reused.statusCode, reused.json().code]).toEqual([422, 'REQUEST_IDEMPOTENCY_KEY_REUSED'])
    expect(await movements(salt.id)).toBe(1)
  })

  it('creates a retried ingredient once and answers 201 with its Location', async () => {
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/ingredients',
        headers: { 'idempotency-key': 'ingredient-yeast' },
        payload: { name: 'Yeast once', unit: 'kg', reorderPoint: '1' },
      })
    const first = await send()
    const retry = await send()
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201])
    expect(first.headers.location).toBe(`/api/v1/ingredients/${first.json().id}`)
    expect(retry.json().id).toBe(first.json().id)
  })
})
