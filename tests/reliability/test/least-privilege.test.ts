import { runNode, startServiceProcess } from '@bakery/service-base/testing'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createServiceDatabase, type ServiceDatabase } from './support/roles.js'
import { SERVICES, type ServiceName, serviceDir } from './support/services.js'

// Roles as the dev overlay's SQL makes them, the real migrations applied by the real Job entry as
// <svc>_owner with DB_RUNTIME_ROLE=<svc>_app, then every check made as the runtime role.
const dbs = new Map<ServiceName, ServiceDatabase>()
const quiet = { max: 1, onnotice: () => {}, fetch_types: false } as const

beforeAll(async () => {
  for (const service of SERVICES) {
    const db = await createServiceDatabase(inject('postgresAdminUrl'), service)
    dbs.set(service, db)
    const run = await runNode(serviceDir(service), ['dist/migrate.js'], {
      DATABASE_URL: db.ownerUrl,
      DB_RUNTIME_ROLE: db.appRole,
    })
    if (run.code !== 0) throw new Error(`migrate ${service}: ${run.output.join('\n')}`)
  }
})
afterAll(async () => {
  await Promise.all([...dbs.values()].map((d) => d.drop()))
})

const denied = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ code: '42501' })

describe.each(SERVICES)('%s runtime role', (service) => {
  it('reads and writes its own tables but cannot create, alter, drop or truncate anything', async () => {
    const db = dbs.get(service) as ServiceDatabase
    const sql = postgres(db.appUrl, quiet)
    try {
      const tables = await sql<{ tablename: string; tableowner: string }[]>`
        SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`
      expect(tables.length).toBeGreaterThan(2)
      // The migration role owns the schema and every table.
      expect(new Set(tables.map((t) => t.tableowner))).toEqual(new Set([`${db.name}_owner`]))
      for (const { tablename } of tables) {
        expect(await sql.unsafe(`SELECT count(*)::int AS n FROM "${tablename}"`)).toHaveLength(1)
      }
      const t = tables[0]?.tablename as string
      await sql.begin(async (tx) => {
        await tx.unsafe(`DELETE FROM "${t}" WHERE false`)
        await tx.unsafe(`UPDATE "${t}" SET ${'"created_at" = "created_at"'} WHERE false`).catch(() => {})
      })
      await denied(sql`CREATE TABLE intruder (id int)`)
      await denied(sql`CREATE SCHEMA intruder`)
      await denied(sql.unsafe(`ALTER TABLE "${t}" ADD COLUMN intruder int`))
      await denied(sql.unsafe(`CREATE INDEX intruder_idx ON "${t}" ((1))`))
      await denied(sql.unsafe(`DROP TABLE "${t}"`))
      await denied(sql.unsafe(`TRUNCATE "${t}"`))
      await denied(sql`CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'`)
      await denied(sql`DELETE FROM drizzle.__drizzle_migrations`)
      const [can] = await sql<{ db: boolean; pub: boolean }[]>`
        SELECT has_database_privilege(current_database(), 'CREATE') AS db, has_schema_privilege('public', 'CREATE') AS pub`
      expect(can).toEqual({ db: false, pub: false })
    } finally {
      await sql.end()
    }
  })

  it("cannot connect to another service's database", async () => {
    const other = dbs.get(SERVICES.find((s) => s !== service) as ServiceName) as ServiceDatabase
    const url = new URL(dbs.get(service)?.appUrl as string)
    url.pathname = `/${other.name}`
    const sql = postgres(url.toString(), quiet)
    await expect(sql`SELECT 1`).rejects.toMatchObject({ code: '42501' })
    await sql.end()
  })

  it('the service warns SVC_DB_ROLE_HAS_DDL when run as the owner, and not as the runtime role', async () => {
    const db = dbs.get(service) as ServiceDatabase
    const logs: Record<string, string[]> = {}
    for (const [who, url] of [
      ['owner', db.ownerUrl],
      ['app', db.appUrl],
    ] as const) {
      const proc = await startServiceProcess({ cwd: serviceDir(service), env: { DATABASE_URL: url } })
      expect(await proc.stop('SIGTERM')).toEqual({ code: 0, signal: null })
      logs[who] = proc.output
    }
    expect(logs.owner?.join('\n')).toContain('SVC_DB_ROLE_HAS_DDL')
    expect(logs.app?.join('\n')).not.toContain('SVC_DB_ROLE_HAS_DDL')
  })
})
