import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { kubernetesDir, SERVICES } from './render.js'

// The dev overlay's PostgreSQL init, without psql: what init.sh does, statement by statement.

const sqlDir = join(kubernetesDir, 'overlays/dev/postgres')

/** The statements of an init file: each ends with `;` at the end of a line; `--` lines are comments. */
export function sqlStatements(file: string): string[] {
  const text = readFileSync(join(sqlDir, file), 'utf8')
  const code = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
  return code
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** A one-connection client for `url`, optionally as another user or in another database. */
export function connect(url: string, user?: string, password?: string, database?: string) {
  const target = new URL(url)
  if (user) target.username = user
  if (password) target.password = password
  if (database) target.pathname = `/${database}`
  return postgres(target.toString(), { max: 1, onnotice: () => {}, fetch_types: false, connect_timeout: 10 })
}

/** Runs init-databases.sql, then init-privileges.sql in each service database, as the superuser. */
export async function initDevDatabases(adminUrl: string): Promise<void> {
  const admin = connect(adminUrl)
  try {
    // One statement per query: CREATE DATABASE refuses to run inside a (multi-statement) transaction.
    for (const statement of sqlStatements('init-databases.sql')) await admin.unsafe(statement)
  } finally {
    await admin.end()
  }
  const privileges = readFileSync(join(sqlDir, 'init-privileges.sql'), 'utf8')
  for (const db of SERVICES) {
    const sql = connect(adminUrl, undefined, undefined, db)
    try {
      await sql.unsafe(privileges)
    } finally {
      await sql.end()
    }
  }
}
