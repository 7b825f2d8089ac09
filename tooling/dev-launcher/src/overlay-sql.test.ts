import { describe, expect, it } from 'vitest'
import { serviceDatabase } from './database-setup.js'
import { createdObject, readOverlaySql, roleCredentials, splitStatements } from './overlay-sql.js'

describe('the dev overlay SQL', () => {
  it('is read from the overlay: a database and two login roles per service', async () => {
    const sql = await readOverlaySql()
    const created = sql.databaseStatements.flatMap((s) => createdObject(s) ?? [])
    for (const svc of ['external', 'orders', 'inventory']) {
      expect(created).toContainEqual({ kind: 'database', name: svc })
      expect(sql.credentials).toHaveProperty(`${svc}_owner`)
      expect(sql.credentials).toHaveProperty(`${svc}_app`)
    }
    expect(sql.privileges).toContain('ALTER DEFAULT PRIVILEGES')
  })

  it('splits statements with PostgreSQL parser, comments and quoted `;` included', async () => {
    expect(
      await splitStatements(
        "-- note;\nCREATE ROLE a LOGIN PASSWORD 'x;y';\nGRANT CONNECT\n  ON DATABASE d TO a;\n",
      ),
    ).toEqual(["CREATE ROLE a LOGIN PASSWORD 'x;y'", 'GRANT CONNECT\n  ON DATABASE d TO a'])
  })

  it('knows what a CREATE makes, so a restart skips what exists', () => {
    expect(createdObject('CREATE DATABASE orders OWNER orders_owner')).toEqual({
      kind: 'database',
      name: 'orders',
    })
    expect(createdObject("CREATE ROLE orders_app LOGIN PASSWORD 'p'")).toEqual({
      kind: 'role',
      name: 'orders_app',
    })
    expect(createdObject('GRANT CONNECT ON DATABASE orders TO orders_app')).toBeUndefined()
  })

  it('builds the owner and runtime URLs on the admin URL’s server', () => {
    const credentials = roleCredentials(
      "CREATE ROLE orders_owner LOGIN PASSWORD 'o';\nCREATE ROLE orders_app LOGIN PASSWORD 'a';",
    )
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
