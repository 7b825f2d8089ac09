import { devDatabaseStatements, devRoles, readInitPrivilegesSql } from '@bakery/platform'
import postgres from 'postgres'
import type { ServiceName } from './services.js'

export interface ServiceDatabase {
  name: string
  ownerUrl: string
  appUrl: string
  appRole: string
  drop(): Promise<void>
}

const quiet = { max: 1, onnotice: () => {}, fetch_types: false } as const

/**
 * A service database set up as the dev overlay does it (the same statements, from @bakery/platform,
 * then init-privileges.sql in it), under a unique name so test files never share roles.
 */
export async function createServiceDatabase(
  adminUrl: string,
  service: ServiceName,
): Promise<ServiceDatabase> {
  const name = `${service}_${Math.random().toString(16).slice(2, 10)}`
  const roles = devRoles(name)
  const admin = postgres(adminUrl, quiet)
  try {
    // One statement per query: CREATE DATABASE refuses to run inside a multi-statement transaction.
    for (const statement of devDatabaseStatements(name)) await admin.unsafe(statement.sql)
  } finally {
    await admin.end()
  }
  const url = (user: string, pw: string) => {
    const u = new URL(adminUrl)
    Object.assign(u, { username: user, password: pw, pathname: `/${name}` })
    return u.toString()
  }
  const inDb = postgres(url(new URL(adminUrl).username, new URL(adminUrl).password), quiet)
  try {
    await inDb.unsafe(readInitPrivilegesSql())
  } finally {
    await inDb.end()
  }
  return {
    name,
    ownerUrl: url(roles.owner, roles.ownerPassword),
    appUrl: url(roles.app, roles.appPassword),
    appRole: roles.app,
    async drop() {
      const a = postgres(adminUrl, quiet)
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await a.unsafe(`DROP ROLE IF EXISTS "${roles.app}"`)
        await a.unsafe(`DROP ROLE IF EXISTS "${roles.owner}"`)
      } finally {
        await a.end()
      }
    },
  }
}
