import postgres from 'postgres'
import type { OverlaySql } from './overlay-sql.js'

export interface ServiceDatabase {
  /** The migration entry's URL: the schema owner role (`<svc>_owner`), DDL allowed. */
  ownerUrl: string
  /** The service's URL: the runtime role (`<svc>_app`), DML only. */
  appUrl: string
  runtimeRole: string
}

function connect(url: string, database?: string) {
  const target = new URL(url)
  if (database) target.pathname = `/${database}`
  return postgres(target.toString(), { max: 1, onnotice: () => {}, fetch_types: false, connect_timeout: 10 })
}

/**
 * Creates each service's database and roles exactly as the dev overlay does, by running its SQL.
 * Idempotent for restarts: a CREATE whose database or role exists is skipped; the GRANT/REVOKE
 * statements and init-privileges.sql can run again unchanged.
 */
export async function setupDatabases(
  adminUrl: string,
  sql: OverlaySql,
  services: readonly string[],
): Promise<string[]> {
  const created: string[] = []
  const admin = connect(adminUrl)
  try {
    for (const statement of sql.databaseStatements) {
      const target = statement.creates
      if (target && (await exists(admin, target))) continue
      await admin.unsafe(statement.sql)
      if (target) created.push(`${target.kind} ${target.name}`)
    }
  } finally {
    await admin.end()
  }
  for (const service of services) {
    const db = connect(adminUrl, service)
    try {
      await db.unsafe(sql.privileges)
    } finally {
      await db.end()
    }
  }
  return created
}

async function exists(admin: postgres.Sql, target: { kind: 'database' | 'role'; name: string }) {
  const rows =
    target.kind === 'database'
      ? await admin`SELECT 1 FROM pg_database WHERE datname = ${target.name}`
      : await admin`SELECT 1 FROM pg_roles WHERE rolname = ${target.name}`
  return rows.length > 0
}

/** Pure: a service's owner and runtime URLs on the server `adminUrl` points at. */
export function serviceDatabase(adminUrl: string, service: string, credentials: Record<string, string>) {
  const url = (role: string) => {
    const password = credentials[role]
    if (password === undefined)
      throw new Error(
        `init-databases.sql creates no login role "${role}": add it there (the overlay's file).`,
      )
    const u = new URL(adminUrl)
    u.username = role
    u.password = password
    u.pathname = `/${service}`
    return u.toString()
  }
  return {
    ownerUrl: url(`${service}_owner`),
    appUrl: url(`${service}_app`),
    runtimeRole: `${service}_app`,
  } satisfies ServiceDatabase
}
