import { readFileSync } from 'node:fs'
import { repoRoot } from './service-list.js'

// The dev overlay's database SQL, in one place. The in-cluster PostgreSQL runs the generated
// init-databases.sql (renderInitDatabasesSql over services.json) and init-privileges.sql; the dev
// launcher, the infrastructure tests and the reliability tests run the same statements from here.

/** The Kubernetes dev overlay's PostgreSQL folder (init.sh, init-databases.sql, init-privileges.sql). */
export const devPostgresDir = `${repoRoot}infrastructure/kubernetes/overlays/dev/postgres`

/** A database's two login roles and their development-only passwords (`<role>_dev`). */
export function devRoles(database: string) {
  const owner = `${database}_owner`
  const app = `${database}_app`
  return { owner, app, ownerPassword: `${owner}_dev`, appPassword: `${app}_dev` }
}

export interface DevStatement {
  sql: string
  /** What a CREATE makes, so a re-run on an existing server can skip what is already there. */
  creates?: { kind: 'database' | 'role'; name: string }
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/

/**
 * One database's statements, run as a superuser connected to `postgres`, one per query
 * (CREATE DATABASE refuses to run inside a multi-statement transaction): its owner role (DDL, the
 * migration Job's), its runtime role (DML, the pods'), the database, and connect rights for its own
 * roles only. init-privileges.sql then runs inside the database.
 */
export function devDatabaseStatements(database: string): DevStatement[] {
  // Unquoted identifiers and literals below: only names that need neither quoting nor escaping.
  if (!IDENTIFIER.test(database)) throw new Error(`not a plain database name: ${JSON.stringify(database)}`)
  const { owner, app, ownerPassword, appPassword } = devRoles(database)
  return [
    { sql: `CREATE ROLE ${owner} LOGIN PASSWORD '${ownerPassword}'`, creates: { kind: 'role', name: owner } },
    { sql: `CREATE ROLE ${app} LOGIN PASSWORD '${appPassword}'`, creates: { kind: 'role', name: app } },
    { sql: `CREATE DATABASE ${database} OWNER ${owner}`, creates: { kind: 'database', name: database } },
    { sql: `REVOKE ALL ON DATABASE ${database} FROM PUBLIC` },
    { sql: `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${app}` },
  ]
}

const HEADER = `-- GENERATED from services.json by \`pnpm gen:service\` (renderInitDatabasesSql in tooling/platform):
-- do not edit; infrastructure/test/service-list.test.ts fails when it is out of date.
-- Development databases: one database per service, each with two roles.
--   <svc>_owner  owns the database and its schemas; the migration Job connects as it (DDL).
--   <svc>_app    the running service; DML on what the owner creates, no DDL.
-- Only a service's own roles may connect to its database. Run once, as a superuser, connected to the
-- \`postgres\` database, on a fresh cluster (CREATE DATABASE cannot run in a transaction, so this file
-- is not idempotent); then init-privileges.sql once in each database (init.sh does both).
-- The passwords are development-only (<role>_dev) and match the dev overlay's generated Secrets.
`

/** Pure: the text of init-databases.sql for these databases (what the in-cluster PostgreSQL runs). */
export function renderInitDatabasesSql(databases: readonly string[]): string {
  const blocks = databases.map((db) =>
    devDatabaseStatements(db)
      .map((s) => `${s.sql};\n`)
      .join(''),
  )
  return `${HEADER}\n${blocks.join('\n')}`
}

/** init-privileges.sql: generic (it derives the role names from current_database()), run in each database. */
export function readInitPrivilegesSql(): string {
  return readFileSync(`${devPostgresDir}/init-privileges.sql`, 'utf8')
}
