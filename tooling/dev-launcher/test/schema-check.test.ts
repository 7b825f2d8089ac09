import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SERVICES } from '../src/repo-layout.js'
import { missingMigration, newMigrationFiles } from '../src/schema-check.js'

// drizzle-kit itself, on a copy of the service's migrations: the check the dev loop runs after a
// schema edit, instead of restarting a service that would answer 500 on every query.

const orders = SERVICES.find((s) => s.name === 'orders')
if (!orders) throw new Error('no orders service')
const changed = fileURLToPath(new URL('./fixtures/orders-schema-changed.ts', import.meta.url))

describe('missingMigration', () => {
  it('finds nothing when the schema and the migrations agree', async () => {
    expect(await missingMigration(orders)).toBeUndefined()
  }, 60_000)

  it('names the command that writes the migration when the schema has a change none holds', async () => {
    const command = await missingMigration(orders, `./${relative(orders.dir, changed)}`)
    expect(command).toBe('pnpm --filter @bakery/orders exec drizzle-kit generate --name <what_changed>')
  }, 60_000)

  it('compares file names, not counts', () => {
    expect(newMigrationFiles(['0000_a.sql', 'meta'], ['0000_a.sql', '0001_b.sql', 'meta'])).toEqual([
      '0001_b.sql',
    ])
  })
})
