import { createTestDatabase, migrateTestDatabase, type TestDatabase } from '@bakery/service-base/testing'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budget, seedFor } from './budget.js'
import { documentedRoutes, type Route, requestsFor, rowCounts } from './fuzz-routes.js'
import { migrationsFolder, type ServiceName } from './services.js'

export const RUNS_PER_ROUTE = budget(200, 3000)

export interface FuzzTarget {
  service: ServiceName
  build(databaseUrl: string): Promise<FastifyInstance>
  /** Creates a few real entities; their ids feed path params and `*Id` fields. */
  seed(app: FastifyInstance): Promise<string[]>
  /** A status that is correct for this route although >= 500 (a dead upstream provider is a coded 502). */
  allowed?(route: Route, status: number): boolean
}

export interface FuzzContext {
  app: FastifyInstance
  sql: postgres.Sql
}

/**
 * Fuzzes every documented route of a service through `buildApp` + `inject` on a real, migrated
 * database: no 5xx, every rejection a 4xx with a `code`, and no row written by a rejected request.
 */
export function describeHostileInput(target: FuzzTarget, extra: (ctx: () => FuzzContext) => void): void {
  let db: TestDatabase
  let ctx: FuzzContext
  let routes: Route[] = []
  let ids: string[] = []

  beforeAll(async () => {
    db = await createTestDatabase(inject('postgresAdminUrl'), `fuzz_${target.service}`)
    await migrateTestDatabase({
      url: db.url,
      service: target.service,
      migrationsFolder: migrationsFolder(target.service),
    })
    const app = await target.build(db.url)
    ctx = { app, sql: postgres(db.url, { max: 2, onnotice: () => {}, fetch_types: false }) }
    routes = (await documentedRoutes(app)).filter((r) => r.path.startsWith('/api/'))
    ids = await target.seed(app)
  })
  afterAll(async () => {
    await ctx?.app.close()
    await ctx?.sql.end()
    await db?.drop()
  })

  describe(`${target.service}: hostile input`, () => {
    it(`answers every generated request of every route (${RUNS_PER_ROUTE} runs each) with < 500, coded 4xx that write nothing`, async () => {
      expect(routes.length).toBeGreaterThan(3)
      const seed = seedFor(`fuzz-${target.service}`)
      const tally: string[] = []
      for (const route of routes) {
        const seen: Record<number, number> = {}
        await fc.assert(
          fc.asyncProperty(requestsFor(route, { ids }), async (req) => {
            const writes = req.method !== 'GET'
            const before = writes ? await rowCounts(ctx.sql) : undefined
            const res = await ctx.app.inject(req)
            seen[res.statusCode] = (seen[res.statusCode] ?? 0) + 1
            if (res.statusCode >= 500 && !target.allowed?.(route, res.statusCode)) {
              throw new Error(`${res.statusCode} for ${req.method} ${req.url}: ${res.body}`)
            }
            if (res.statusCode >= 400) {
              expect(res.json(), `${req.method} ${req.url}`).toMatchObject({ code: expect.any(String) })
              if (writes) expect(await rowCounts(ctx.sql)).toEqual(before)
            }
          }),
          { numRuns: RUNS_PER_ROUTE, seed, endOnFailure: true },
        )
        tally.push(`${route.method} ${route.path} ${JSON.stringify(seen)}`)
      }
      console.warn(
        `[fuzz-${target.service}] ${routes.length} routes x ${RUNS_PER_ROUTE} runs:\n  ${tally.join('\n  ')}`,
      )
    })

    it('rejects a body over the 1 MiB limit with 413 and a code on every route that takes one', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) })
      const withBody = routes.filter((r) => r.body)
      expect(withBody.length).toBeGreaterThan(0)
      for (const route of withBody) {
        const url = route.path.replace(/\{(\w+)\}/g, () => ids[0] ?? '00000000-0000-4000-8000-000000000000')
        const before = await rowCounts(ctx.sql)
        const res = await ctx.app.inject({
          method: route.method as 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          payload: big,
        })
        expect([route.path, res.statusCode, res.json().code]).toEqual([
          route.path,
          413,
          'REQUEST_BODY_TOO_LARGE',
        ])
        expect(await rowCounts(ctx.sql)).toEqual(before)
      }
    })

    extra(() => ctx)
  })
}
