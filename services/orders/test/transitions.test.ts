import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCustomer, orderBody, startTestApp, type TestApp } from './test-app.js'

let t: TestApp
let customerId: string
beforeAll(async () => {
  t = await startTestApp()
  customerId = (await createCustomer(t.app)).id
})
afterAll(async () => {
  await t?.close()
})

async function newOrder(): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/orders', payload: orderBody(customerId) })
  return res.json().id
}

const move = (id: string, to: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/orders/${id}/transitions`, payload: { to } })

describe('order status transitions', () => {
  it('walks pending → confirmed → in_production → ready → delivered', async () => {
    const id = await newOrder()
    for (const to of ['confirmed', 'in_production', 'ready', 'delivered']) {
      const res = await move(id, to)
      expect(res.statusCode, to).toBe(200)
      expect(res.json()).toMatchObject({ id, status: to })
      expect(res.json().lines).toHaveLength(2)
    }
    const [row] = await t.sql`SELECT status, updated_at > created_at AS touched FROM orders WHERE id = ${id}`
    expect(row).toEqual({ status: 'delivered', touched: true })
  })

  it('cancels from in_production but not from ready', async () => {
    const a = await newOrder()
    await move(a, 'confirmed')
    await move(a, 'in_production')
    expect((await move(a, 'cancelled')).json().status).toBe('cancelled')

    const b = await newOrder()
    for (const to of ['confirmed', 'in_production', 'ready']) await move(b, to)
    const res = await move(b, 'cancelled')
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('ORDERS_ILLEGAL_TRANSITION')
    expect(res.json().message).toContain('from ready to cancelled')
  })

  it('rejects an illegal transition with 409 naming from and to, changing nothing', async () => {
    const id = await newOrder()
    const res = await move(id, 'delivered')
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'ORDERS_ILLEGAL_TRANSITION' })
    expect(res.json().message).toMatch(/from pending to delivered.*confirmed, cancelled/)
    const [row] = await t.sql`SELECT status FROM orders WHERE id = ${id}`
    expect(row?.status).toBe('pending')
  })

  it('rejects an unknown status with 400 and an unknown order with 404', async () => {
    const id = await newOrder()
    const bad = await move(id, 'eaten')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().field).toBe('body.to')
    const missing = await move('00000000-0000-4000-8000-000000000000', 'confirmed')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().code).toBe('ORDERS_NOT_FOUND')
  })

  it('lets exactly one of many identical concurrent transitions win', async () => {
    const id = await newOrder()
    const results = await Promise.all(Array.from({ length: 10 }, () => move(id, 'confirmed')))
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1)
    for (const r of results.filter((r) => r.statusCode !== 200)) {
      expect(r.statusCode).toBe(409)
      expect(['ORDERS_TRANSITION_CONFLICT', 'ORDERS_ILLEGAL_TRANSITION']).toContain(r.json().code)
    }
  })

  it('never lets two transitions that both read the same status both win', async () => {
    const id = await newOrder()
    // Hold the row so both requests read `pending` and then queue on their UPDATE.
    const holder = await t.sql.reserve()
    try {
      await holder`BEGIN`
      await holder`SELECT 1 FROM orders WHERE id = ${id} FOR UPDATE`
      const racing = [move(id, 'confirmed'), move(id, 'cancelled')]
      await waitForBlockedUpdates(2)
      await holder`COMMIT`
      const results = await Promise.all(racing)
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
      const loser = results.find((r) => r.statusCode === 409)
      expect(loser?.json().code).toBe('ORDERS_TRANSITION_CONFLICT')
      const winner = results.find((r) => r.statusCode === 200)
      const [row] = await t.sql`SELECT status FROM orders WHERE id = ${id}`
      expect(row?.status).toBe(winner?.json().status)
    } finally {
      await holder`ROLLBACK`.catch(() => {})
      holder.release()
    }
  })
})

async function waitForBlockedUpdates(count: number): Promise<void> {
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    const [row] = await t.sql`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'update "orders"%'`
    if (row?.n === count) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`expected ${count} UPDATEs waiting on the row lock`)
}
