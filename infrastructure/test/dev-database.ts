import { devDatabaseStatements, readInitPrivilegesSql } from '@bakery/platform'
import postgres from 'postgres'
import { SERVICES } from './render.js'

// The dev overlay's PostgreSQL init without psql: what init.sh does, statement by statement, from
// the one implementation of that SQL (@bakery/platform; init-databases.sql is its rendering).

/** A one-connection client for `url`, optionally as another user or in another database. */
export function connect(url: string, user?: string, password?: string, database?: string) {
  const target = new URL(url)
  if (user) target.username = user
  if (password) target.password = password
  if (database) target.pathname = `/${database}`
  return postgres(target.toString(), { max: 1, onnotice: () => {}, fetch_types: false, connect_timeout: 10 })
}

/** Creates every service's database and roles, then runs init-privileges.sql in each, as the superuser. */
export async function initDevDatabases(
  adminUrl: string,
  databases: readonly string[] = SERVICES,
): Promise<void> {
  const admin = connect(adminUrl)
  try {
    // One statement per query: CREATE DATABASE refuses to run inside a (multi-statement) transaction.
    for (const db of databases)
      for (const statement of devDatabaseStatements(db)) await admin.unsafe(statement.sql)
  } finally {
    await admin.end()
  }
  const privileges = readInitPrivilegesSql()
  for (const db of databases) {
    const sql = connect(adminUrl, undefined, undefined, db)
    try {
      await sql.unsafe(privileges)
    } finally {
      await sql.end()
    }
  }
}
