import { describe, expect, it } from 'vitest'
import {
  devDatabaseStatements,
  devRoles,
  readInitPrivilegesSql,
  renderInitDatabasesSql,
} from './dev-database.js'

describe('the dev database SQL', () => {
  it('creates two login roles and a database owned by the owner role, reachable by its roles only', () => {
    expect(devDatabaseStatements('orders')).toEqual([
      {
        sql: "CREATE ROLE orders_owner LOGIN PASSWORD 'orders_owner_dev'",
        creates: { kind: 'role', name: 'orders_owner' },
      },
      {
        sql: "CREATE ROLE orders_app LOGIN PASSWORD 'orders_app_dev'",
        creates: { kind: 'role', name: 'orders_app' },
      },
      { sql: 'CREATE DATABASE orders OWNER orders_owner', creates: { kind: 'database', name: 'orders' } },
      { sql: 'REVOKE ALL ON DATABASE orders FROM PUBLIC' },
      { sql: 'GRANT CONNECT, TEMPORARY ON DATABASE orders TO orders_app' },
    ])
    expect(devRoles('orders_1a2b')).toEqual({
      owner: 'orders_1a2b_owner',
      app: 'orders_1a2b_app',
      ownerPassword: 'orders_1a2b_owner_dev',
      appPassword: 'orders_1a2b_app_dev',
    })
  })

  it('refuses a name that would need quoting', () => {
    expect(() => devDatabaseStatements('orders; DROP')).toThrowError(/not a plain database name/)
    expect(() => devDatabaseStatements('Orders')).toThrowError(/not a plain database name/)
  })

  it('renders one block per database, each statement ending its line with `;`', () => {
    const text = renderInitDatabasesSql(['a1', 'b2'])
    expect(text).toMatch(/^-- GENERATED/)
    expect(text).toContain("CREATE ROLE a1_owner LOGIN PASSWORD 'a1_owner_dev';\n")
    expect(text).toContain('GRANT CONNECT, TEMPORARY ON DATABASE b2 TO b2_app;\n')
    expect(text.match(/;\n/g)).toHaveLength(10)
  })

  it('reads the generic init-privileges.sql', () => {
    expect(readInitPrivilegesSql()).toContain("current_database() || '_app'")
  })
})
