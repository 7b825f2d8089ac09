import {
  answerHostileRequest,
  countAllRows,
  expectedAnswer,
  hostileRequests,
  schemaSourceProblems,
  schemaSources,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCustomer, orderBody, startTestApp, type TestApp } from './test-app.js'

// Ids that exist in every test database of this file (created in beforeAll).
const customerId = '5b1f9a64-1c0e-4c7a-9d35-3f5b8f1e2a10'
const orderId = '9e2d7c41-6a3b-4f08-8c1d-2b7e5a9f0c33'

const routes = [
  { method: 'POST', url: '/api/v1/customers', validBody: { name: 'Boulangerie', email: 'a@b.fr' } },
  { method: 'POST', url: '/api/v1/orders', validBody: orderBody(customerId, { notes: 'x' }) },
  { method: 'POST', url: `/api/v1/orders/${orderId}/transitions`, validBody: { to: 'confirmed' } },
  { method: 'PATCH', url: `/api/v1/customers/${customerId}`, validBody: { name: 'Renamed', phone: '+33 1' } },
] as const

describe.each(schemaSources)(
  'the HTTP contract (service-base) on the orders routes: %s',
  (_name, schemas) => {
    let t: TestApp
    beforeAll(async () => {
      t = await startTestApp(schemas)
      await createCustomer(t.app)
      await t.sql`INSERT INTO customers (id, name) VALUES (${customerId}, 'Contract')`
      await t.sql`INSERT INTO orders (id, customer_id, total) VALUES (${orderId}, ${customerId}, '0.00')`
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
