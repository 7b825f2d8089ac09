import { type RunningPostgres, startEmbeddedPostgres } from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, initDevDatabases } from './dev-database.js'
import { SERVICES } from './render.js'

// Runs the dev overlay's PostgreSQL init files against a real, fresh server, the way init.sh does
// with psql, and checks the role split they promise: owner runs DDL, app only DML.

let server: RunningPostgres
beforeAll(async () => {
  server = await startEmbeddedPostgres({ fast: true })
  await initDevDatabases(server.adminUrl)
}, 120_000)
afterAll(async () => {
  await server?.stop()
})

describe.each(SERVICES)('init-databases.sql for %s', (svc) => {
  it('lets the owner role create schemas and tables, and the app role use them without DDL', async () => {
    const owner = connect(server.adminUrl, `${svc}_owner`, `${svc}_owner_dev`, svc)
    const app = connect(server.adminUrl, `${svc}_app`, `${svc}_app_dev`, svc)
    try {
      // What a migration run creates: drizzle's journal in its own schema, tables in public.
      await owner.unsafe(`
        CREATE SCHEMA drizzle;
        CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);
        INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('abc', 1);
        CREATE TABLE public.items (id serial PRIMARY KEY, name text NOT NULL);`)
      // The service verifies the journal and serves DML.
      expect(await app`SELECT hash FROM drizzle.__drizzle_migrations`).toEqual([{ hash: 'abc' }])
      await app`INSERT INTO items (name) VALUES ('croissant')`
      await app`UPDATE items SET name = 'pain au chocolat'`
      expect(await app`SELECT name FROM items`).toEqual([{ name: 'pain au chocolat' }])
      await app`DELETE FROM items`
      // No DDL for the runtime role.
      await expect(app`CREATE TABLE public.sneaky (id int)`).rejects.toMatchObject({ code: '42501' })
      await expect(app`DROP TABLE items`).rejects.toMatchObject({ code: '42501' })
      await expect(app`CREATE SCHEMA sneaky`).rejects.toMatchObject({ code: '42501' })
    } finally {
      await Promise.all([owner.end(), app.end()])
    }
  })

  it('keeps the other services out of its database', async () => {
    const other = SERVICES.find((s) => s !== svc) ?? 'orders'
    const intruder = connect(server.adminUrl, `${other}_app`, `${other}_app_dev`, svc)
    try {
      await expect(intruder`SELECT 1`).rejects.toMatchObject({ code: '42501' })
    } finally {
      await intruder.end()
    }
  })
})
