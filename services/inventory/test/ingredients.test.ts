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

describe('POST /api/v1/ingredients', () => {
  it('creates an ingredient with stock 0 and exact decimal strings', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingredients',
      payload: { name: 'Wheat flour T55', unit: 'kg', reorderPoint: '25.5', reorderQuantity: '100' },
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({
      name: 'Wheat flour T55',
      unit: 'kg',
      reorderPoint: '25.500',
      reorderQuantity: '100.000',
      stock: '0.000',
    })
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt)
    const [level] = await t.sql`SELECT quantity FROM stock_levels WHERE ingredient_id = ${body.id}`
    expect(level?.quantity).toBe('0.000')
  })

  it('leaves the reorder quantity null when not given', async () => {
    const body = await createIngredient(t.app, { name: 'Sea salt', unit: 'g', reorderPoint: '500' })
    expect(body.reorderQuantity).toBeNull()
  })

  it('refuses a name already taken, ignoring case, with 409 and nothing written', async () => {
    await createIngredient(t.app, { name: 'Butter' })
    const before = await tableCounts(t.sql)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingredients',
      payload: { name: 'BUTTER', unit: 'kg', reorderPoint: '1' },
    })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'INVENTORY_INGREDIENT_NAME_TAKEN' })
    expect(res.json().message).toContain('body.name')
    expect(await tableCounts(t.sql)).toEqual(before)
  })

  it.each([
    [{ unit: 'kg', reorderPoint: '1' }, 'REQUEST_INVALID', 'body.name'],
    [{ name: '', unit: 'kg', reorderPoint: '1' }, 'REQUEST_INVALID', 'body.name'],
    [{ name: ' padded ', unit: 'kg', reorderPoint: '1' }, 'REQUEST_INVALID', 'body.name'],
    [{ name: 'Yeast', unit: 'bushel', reorderPoint: '1' }, 'REQUEST_INVALID', 'body.unit'],
    [{ name: 'Yeast', unit: 'kg', reorderPoint: '-1' }, 'REQUEST_INVALID', 'body.reorderPoint'],
    [{ name: 'Yeast', unit: 'kg', reorderPoint: '1.2345' }, 'REQUEST_INVALID', 'body.reorderPoint'],
    [{ name: 'Yeast', unit: 'kg', reorderPoint: 1.5 }, 'REQUEST_INVALID', 'body.reorderPoint'],
    [
      { name: 'Yeast', unit: 'kg', reorderPoint: '1', reorderQuantity: '0' },
      'INVENTORY_QUANTITY_INVALID',
      'body.reorderQuantity',
    ],
    [{ name: 'Yeast', unit: 'kg', reorderPoint: '1', colour: 'red' }, 'REQUEST_INVALID', 'body.colour'],
  ])('refuses %j with 400 %s naming %s, writing nothing', async (payload, code, field) => {
    const before = await tableCounts(t.sql)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingredients', payload })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(code)
    expect(res.json().message).toContain(field)
    expect(await tableCounts(t.sql)).toEqual(before)
  })

  it('refuses a body that is not JSON with 400, never 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ingredients',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('REQUEST_JSON_INVALID')
  })
})

describe('GET /api/v1/ingredients/:id', () => {
  it('returns the ingredient with its current stock', async () => {
    const created = await createIngredient(t.app, { name: 'Rye flour', reorderPoint: '5' })
    await postMovement(t.app, created.id, { type: 'receipt', quantity: '12.25' })
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/ingredients/${created.id}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ id: created.id, name: 'Rye flour', stock: '12.250' })
  })

  it('answers 404 INVENTORY_INGREDIENT_NOT_FOUND for an unknown id', async () => {
    const id = randomUUID()
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/ingredients/${id}` })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'INVENTORY_INGREDIENT_NOT_FOUND' })
    expect(res.json().message).toContain(id)
  })

  it('answers 400 naming params.id for an id that is not a UUID', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/ingredients/42' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'REQUEST_INVALID', field: 'params.id' })
  })
})

describe('GET /api/v1/ingredients', () => {
  it('pages through every ingredient in case-insensitive name order', async () => {
    for (const name of ['b-almonds', 'A-apricots', 'c-cherries']) await createIngredient(t.app, { name })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `&cursor=${cursor}` : ''
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/ingredients?limit=2${query}` })
      expect(res.statusCode).toBe(200)
      const page = res.json()
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((i: { name: string }) => i.name))
      cursor = page.nextCursor
    } while (cursor)
    const [{ count } = { count: 0 }] = await t.sql<
      { count: number }[]
    >`SELECT count(*)::int AS count FROM ingredients`
    expect(seen).toHaveLength(count)
    expect(seen).toEqual([...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))
    expect(seen.indexOf('A-apricots')).toBeLessThan(seen.indexOf('b-almonds'))
  })

  it('refuses a limit out of range and a forged cursor with 400', async () => {
    const limit = await t.app.inject({ method: 'GET', url: '/api/v1/ingredients?limit=0' })
    expect(limit.statusCode).toBe(400)
    expect(limit.json()).toMatchObject({ code: 'REQUEST_INVALID', field: 'querystring.limit' })
    const cursor = await t.app.inject({ method: 'GET', url: '/api/v1/ingredients?cursor=garbage' })
    expect(cursor.statusCode).toBe(400)
    expect(cursor.json().code).toBe('REQUEST_CURSOR_INVALID')
  })
})

describe('PATCH /api/v1/ingredients/:id', () => {
  it('changes the reorder point and clears the reorder quantity', async () => {
    const created = await createIngredient(t.app, {
      name: 'Cane sugar',
      reorderPoint: '2',
      reorderQuantity: '10',
    })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/ingredients/${created.id}`,
      payload: { reorderPoint: '7.5', reorderQuantity: null },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ reorderPoint: '7.500', reorderQuantity: null, name: 'Cane sugar' })
    expect(new Date(res.json().updatedAt) >= new Date(res.json().createdAt)).toBe(true)
  })

  it('refuses an empty or unknown change with 400 and leaves the row alone', async () => {
    const created = await createIngredient(t.app, { name: 'Honey', reorderPoint: '3' })
    for (const payload of [{}, { name: 'Renamed' }, { reorderPoint: 4 }]) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/ingredients/${created.id}`, payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
    }
    const [row] = await t.sql`SELECT name, reorder_point FROM ingredients WHERE id = ${created.id}`
    expect(row).toEqual({ name: 'Honey', reorder_point: '3.000' })
  })

  it('answers 404 for an unknown id', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/ingredients/${randomUUID()}`,
      payload: { reorderPoint: '1' },
    })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('INVENTORY_INGREDIENT_NOT_FOUND')
  })
})

describe('GET /api/v1/ingredients/low-stock', () => {
  it('lists ingredients at or below their reorder point with the shortfall', async () => {
    const below = await createIngredient(t.app, {
      name: 'Low: eggs',
      unit: 'unit',
      reorderPoint: '30',
      reorderQuantity: '180',
    })
    await postMovement(t.app, below.id, { type: 'receipt', quantity: '12' })
    const at = await createIngredient(t.app, { name: 'Low: milk', unit: 'l', reorderPoint: '4' })
    await postMovement(t.app, at.id, { type: 'receipt', quantity: '4.000' })
    const above = await createIngredient(t.app, { name: 'Low: cream', unit: 'l', reorderPoint: '1' })
    await postMovement(t.app, above.id, { type: 'receipt', quantity: '1.001' })

    const res = await t.app.inject({ method: 'GET', url: '/api/v1/ingredients/low-stock?limit=200' })
    expect(res.statusCode).toBe(200)
    const items: { id: string; shortfall: string; stock: string }[] = res.json().items
    const byId = new Map(items.map((i) => [i.id, i]))
    expect(byId.get(below.id)).toMatchObject({
      stock: '12.000',
      shortfall: '18.000',
      reorderQuantity: '180.000',
    })
    expect(byId.get(at.id)).toMatchObject({ stock: '4.000', shortfall: '0.000' })
    expect(byId.has(above.id)).toBe(false)
    const [{ count } = { count: -1 }] = await t.sql<{ count: number }[]>`
      SELECT count(*)::int AS count FROM ingredients i JOIN stock_levels s ON s.ingredient_id = i.id
      WHERE s.quantity <= i.reorder_point`
    expect(items).toHaveLength(count)
  })
})

describe('OpenAPI', () => {
  it('documents every route at /docs/json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const paths = Object.keys(res.json().paths)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/ingredients',
        '/api/v1/ingredients/low-stock',
        '/api/v1/ingredients/{id}',
        '/api/v1/ingredients/{id}/movements',
        '/api/v1/ingredients/{id}/stock',
      ]),
    )
    const post = res.json().paths['/api/v1/ingredients/{id}/movements'].post
    expect(post.tags).toEqual(['stock'])
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '409']))
  })
})

describe('DELETE /api/v1/ingredients/:id', () => {
  it('deletes an ingredient without movements (204, then 404)', async () => {
    const made = await createIngredient(t.app, { name: 'Never used' })
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/ingredients/${made.id}` })
    expect(res.statusCode).toBe(204)
    const gone = await t.app.inject({ url: `/api/v1/ingredients/${made.id}` })
    expect([gone.statusCode, gone.json().code]).toEqual([404, 'INVENTORY_INGREDIENT_NOT_FOUND'])
  })

  it('refuses to delete an ingredient with movements with 409, deleting nothing', async () => {
    const made = await createIngredient(t.app, { name: 'Used once' })
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/ingredients/${made.id}/movements`,
      payload: { type: 'receipt', quantity: '1' },
    })
    const before = await tableCounts(t.sql)
    const res = await t.app.inject({ method: 'DELETE', url: `/api/v1/ingredients/${made.id}` })
    expect([res.statusCode, res.json().code]).toEqual([409, 'INVENTORY_INGREDIENT_REFERENCED'])
    expect(await tableCounts(t.sql)).toEqual(before)
  })
})
