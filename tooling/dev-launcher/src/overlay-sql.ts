import { type DevStatement, devDatabaseStatements, devRoles, readInitPrivilegesSql } from '@bakery/platform'
import { SERVICES } from './repo-layout.js'

export interface OverlaySql {
  /**
   * Each service's database statements, one per query (CREATE DATABASE refuses to run in a
   * multi-statement query), each CREATE with what it makes: nothing here reads SQL back.
   */
  databaseStatements: DevStatement[]
  /** init-privileges.sql, whole: run once in each service database. */
  privileges: string
  /** The login roles and their development passwords, as the statements create them. */
  credentials: Record<string, string>
}

/**
 * The dev overlay's database SQL for `services` (every service by default), from its one
 * implementation (@bakery/platform): the statements the in-cluster PostgreSQL runs on first start
 * (init-databases.sql is their rendering) and init-privileges.sql.
 */
export async function readOverlaySql(
  services: readonly string[] = SERVICES.map((s) => s.name),
): Promise<OverlaySql> {
  const credentials: Record<string, string> = {}
  for (const name of services) {
    const roles = devRoles(name)
    credentials[roles.owner] = roles.ownerPassword
    credentials[roles.app] = roles.appPassword
  }
  return {
    databaseStatements: services.flatMap((name) => devDatabaseStatements(name)),
    privileges: readInitPrivilegesSql(),
    credentials,
  }
}
