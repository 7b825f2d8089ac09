import { describe, expect, it } from 'vitest'
import { serviceDatabase } from './database-setup.js'
import { readOverlaySql } from './overlay-sql.js'
import { SERVICES } from './repo-layout.js'

describe('the dev overlay SQL', () => {
  it('is the overlay’s: a database and two login roles per service of services.json', async () => {
    const sql = await readOverlaySql()
    const created = sql.databaseStatements.flatMap((s) => s.creates ?? [])
    for (const svc of SERVICES.map((s) => s.name)) {
      expect(created).toContainEqual({ kind: 'database', name: svc })
      expect(created).toContainEqual({ kind: 'role', name: `${svc}_owner` })
      expect(created).toContainEqual({ kind: 'role', name: `${svc}_app` })
      expect(sql.credentials).toHaveProperty(`${svc}_owner`)
      expect(sql.credentials).toHaveProperty(`${svc}_app`)
    }
    expect(sql.privileges).toContain('ALTER DEFAULT PRIVILEGES')
  })

  it('builds the owner and runtime URLs on the admin URL’s server', () => {
    const credentials = { orders_owner: 'o', orders_app: 'a' }
    expect(
      serviceDatabase('postgres://postgres:pw@db:6543/postgres?sslmode=require', 'orders', credentials),
    ).toEqual({
      ownerUrl: 'postgres://orders_owner:o@db:6543/orders?sslmode=require',
      appUrl: 'postgres://orders_app:a@db:6543/orders?sslmode=require',
      runtimeRole: 'orders_app',
    })
    expect(() => serviceDatabase('postgres://db/postgres', 'billing', credentials)).toThrowError(
      /billing_owner/,
    )
  })
})
