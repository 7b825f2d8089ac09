import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseStatements } from '@bakery/service-base/migrate'
import { overlaySqlDir } from './repo-layout.js'

export interface OverlaySql {
  /** init-databases.sql, one statement each: CREATE DATABASE refuses to run in a multi-statement query. */
  databaseStatements: string[]
  /** init-privileges.sql, whole: run once in each service database. */
  privileges: string
  /** The login roles and their development passwords, as the file creates them. */
  credentials: Record<string, string>
}

/** Reads the dev overlay's init files: the same SQL the in-cluster PostgreSQL runs on first start. */
export async function readOverlaySql(dir: string = overlaySqlDir): Promise<OverlaySql> {
  const [databases, privileges] = await Promise.all([
    readFile(join(dir, 'init-databases.sql'), 'utf8'),
    readFile(join(dir, 'init-privileges.sql'), 'utf8'),
  ])
  return {
    databaseStatements: await splitStatements(databases),
    privileges,
    credentials: roleCredentials(databases),
  }
}

/** The statements of a file, split by PostgreSQL's own parser (the repo's one SQL splitter). */
export async function splitStatements(text: string): Promise<string[]> {
  return (await parseStatements(text, 'init-databases.sql')).map((s) => s.text)
}

/** Pure: `CREATE ROLE <name> LOGIN PASSWORD '<password>'` lines, as a name → password map. */
export function roleCredentials(text: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const m of text.matchAll(/CREATE ROLE\s+(\w+)\s+LOGIN\s+PASSWORD\s+'([^']*)'/gi)) {
    if (m[1] && m[2] !== undefined) found[m[1]] = m[2]
  }
  return found
}

/** Pure: the database a `CREATE DATABASE x ...` or the role a `CREATE ROLE x ...` statement creates. */
export function createdObject(statement: string): { kind: 'database' | 'role'; name: string } | undefined {
  const m = /^CREATE\s+(DATABASE|ROLE)\s+(\w+)/i.exec(statement)
  if (!m?.[1] || !m[2]) return undefined
  return { kind: m[1].toLowerCase() as 'database' | 'role', name: m[2] }
}
