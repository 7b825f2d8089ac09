import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import postgres from 'postgres'
import { devPostgresDir, type ServiceName } from './services.js'

export interface ServiceDatabase {
  name: string
  ownerUrl: string
  appUrl: string
  appRole: string
  drop(): Promise<void>
}

const quiet = { max: 1, onnotice: () => {}, fetch_types: false } as const

/**
 * A service database set up as the dev overlay does it (init-databases.sql for one service, then the
 * real init-privileges.sql in it), under a unique name so test files never share roles.
 */
export async function createServiceDatabase(
  adminUrl: string,
  service: ServiceName,
): Promise<ServiceDatabase> {
  const name = `${service}_${Math.random().toString(16).slice(2, 10)}`
  const [owner, app] = [`${name}_owner`, `${name}_app`]
  const [ownerPw, appPw] = [`owner-${name}-pw`, `app-${name}-pw`]
  const admin = postgres(adminUrl, quiet)
  try {
    await admin.unsafe(`CREATE ROLE "${owner}" LOGIN PASSWORD '${ownerPw}'`)
    await admin.unsafe(`CREATE ROLE "${app}" LOGIN PASSWORD '${appPw}'`)
    await admin.unsafe(`CREATE DATABASE "${name}" OWNER "${owner}"`)
    await admin.unsafe(`REVOKE ALL ON DATABASE "${name}" FROM PUBLIC`)
    await admin.unsafe(`GRANT CONNECT, TEMPORARY ON DATABASE "${name}" TO "${app}"`)
  } finally {
    await admin.end()
  }
  const url = (user: string, pw: string) => {
    const u = new URL(adminUrl)
    Object.assign(u, { username: user, password: pw, pathname: `/${name}` })
    return u.toString()
  }
  const inDb = postgres(url('postgres', new URL(adminUrl).password), quiet)
  try {
    await inDb.unsafe(await readFile(join(devPostgresDir, 'init-privileges.sql'), 'utf8'))
  } finally {
    await inDb.end()
  }
  return {
    name,
    ownerUrl: url(owner, ownerPw),
    appUrl: url(app, appPw),
    appRole: app,
    async drop() {
      const a = postgres(adminUrl, quiet)
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await a.unsafe(`DROP ROLE IF EXISTS "${app}"`)
        await a.unsafe(`DROP ROLE IF EXISTS "${owner}"`)
      } finally {
        await a.end()
      }
    },
  }
}
