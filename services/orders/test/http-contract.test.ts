import { describeHttpContract } from '@bakery/service-base/testing/http-contract'
import { createCustomer, orderBody, startTestApp } from './test-app.js'

// Ids that exist in every test database of this file (created by its start below).
const customerId = '5b1f9a64-1c0e-4c7a-9d35-3f5b8f1e2a10'
const orderId = '9e2d7c41-6a3b-4f08-8c1d-2b7e5a9f0c33'

const routes = [
  { method: 'POST', url: '/api/v1/customers', validBody: { name: 'Boulangerie', email: 'a@b.fr' } },
  { method: 'POST', url: '/api/v1/orders', validBody: orderBody(customerId, { notes: 'x' }) },
  { method: 'POST', url: `/api/v1/orders/${orderId}/transitions`, validBody: { to: 'confirmed' } },
  { method: 'PATCH', url: `/api/v1/customers/${customerId}`, validBody: { name: 'Renamed', phone: '+33 1' } },
] as const

describeHttpContract('orders', routes, async (schemas) => {
  const t = await startTestApp(schemas)
  await createCustomer(t.app)
  await t.sql`INSERT INTO customers (id, name) VALUES (${customerId}, 'Contract')`
  await t.sql`INSERT INTO orders (id, customer_id, total) VALUES (${orderId}, ${customerId}, '0.00')`
  return t
})
