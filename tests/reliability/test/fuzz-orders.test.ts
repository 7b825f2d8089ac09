import { buildApp } from '@bakery/orders/src/app.js'
import { loadConfig } from '@bakery/orders/src/config.js'
import { expect, it } from 'vitest'
import { describeHostileInput } from './support/fuzz-service.js'
import { SQL_INJECTION } from './support/hostile-values.js'

describeHostileInput(
  {
    service: 'orders',
    build: (url) => buildApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' })),
    async seed(app) {
      const customer = (
        await app.inject({ method: 'POST', url: '/api/v1/customers', payload: { name: 'Seed' } })
      ).json()
      const order = await app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        payload: {
          customerId: customer.id,
          lines: [{ sku: 'B', name: 'Baguette', quantity: '1', unitPrice: '1.10' }],
        },
      })
      return [customer.id, order.json().id]
    },
  },
  (ctx) => {
    it('stores and returns SQL-injection-shaped text literally', async () => {
      const { app } = ctx()
      for (const text of SQL_INJECTION) {
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/customers',
          payload: { name: text },
        })
        expect(created.statusCode).toBe(201)
        const order = await app.inject({
          method: 'POST',
          url: '/api/v1/orders',
          payload: {
            customerId: created.json().id,
            notes: text,
            lines: [{ sku: 'X', name: text, quantity: '1', unitPrice: '0' }],
          },
        })
        expect(order.statusCode, order.body).toBe(201)
        const read = (await app.inject({ url: `/api/v1/orders/${order.json().id}` })).json()
        expect([read.notes, read.lines[0].name]).toEqual([text, text])
        expect((await app.inject({ url: `/api/v1/customers/${created.json().id}` })).json().name).toBe(text)
      }
      expect((await app.inject({ url: '/api/v1/customers?limit=100' })).statusCode).toBe(200)
    })
  },
)
