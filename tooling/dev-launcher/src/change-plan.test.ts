import { describe, expect, it } from 'vitest'
import { planChanges, watchedFolders } from './change-plan.js'

const root = '/repo/'
const services = ['external', 'orders', 'inventory']
const plan = (...paths: string[]) =>
  planChanges(
    paths.map((p) => `${root}${p}`),
    root,
    services,
  )

describe('planChanges', () => {
  it('rebuilds and restarts a service whose src/ changed', () => {
    expect(plan('services/orders/src/routes/orders.ts')).toEqual([
      { service: 'orders', rebuild: true, migrate: false, schema: false },
    ])
  })

  it('runs the migration entry (no rebuild) before restarting when drizzle/ changed', () => {
    expect(
      plan('services/inventory/drizzle/0003_x.sql', 'services/inventory/drizzle/meta/_journal.json'),
    ).toEqual([{ service: 'inventory', rebuild: false, migrate: true, schema: false }])
  })

  it('does both when a schema change brings code and a migration, and checks the schema', () => {
    expect(plan('services/orders/drizzle/0002_y.sql', 'services/orders/src/db/schema.ts')).toEqual([
      { service: 'orders', rebuild: true, migrate: true, schema: true },
    ])
    expect(plan('services/orders/src/db/schema/customers.ts')).toEqual([
      { service: 'orders', rebuild: true, migrate: false, schema: true },
    ])
  })

  it('rebuilds every service when service-base changed', () => {
    expect(plan('packages/service-base/src/logger.ts').map((c) => c.service)).toEqual(services)
  })

  it('ignores tests, docs and unknown folders', () => {
    expect(
      plan(
        'services/orders/src/money.test.ts',
        'services/orders/test/orders.test.ts',
        'services/orders/README.md',
        'services/billing/src/x.ts',
        'packages/service-base/src/config/service-config.test.ts',
      ),
    ).toEqual([])
  })

  it('watches exactly the folders it acts on', () => {
    expect(watchedFolders(root, ['orders'])).toEqual([
      '/repo/packages/service-base/src',
      '/repo/services/orders/src',
      '/repo/services/orders/drizzle',
    ])
  })
})
