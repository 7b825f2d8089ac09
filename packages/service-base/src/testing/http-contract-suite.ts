// Its own entry (`@bakery/service-base/testing/http-contract`): it declares vitest suites, so it is
// imported by test files only, never by the tools that use the rest of ./testing outside vitest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  answerHostileRequest,
  type ContractRoute,
  countAllRows,
  expectedAnswer,
  hostileRequests,
  type SchemaSource,
  schemaSourceProblems,
  schemaSources,
} from './http-contract.js'
import type { TestApp } from './test-app.js'

/** A route of the table, as a test file writes it (`as const`: its body may be read-only). */
export type ContractRouteInput = Omit<ContractRoute, 'validBody'> & { validBody: unknown }

/**
 * A service's HTTP contract, once on each way it gets its route schemas' code (schemaSources): every
 * route schema comes from where it was asked to, and every hostile request to every route in
 * `routes` is answered with our code and writes nothing. `start` builds the app on a fresh database
 * with the rows the routes' URLs name.
 */
export function describeHttpContract(
  service: string,
  routes: readonly ContractRouteInput[],
  start: (schemas: SchemaSource) => Promise<TestApp>,
): void {
  // A mutable copy of each body: hostileRequests derives its variants from it.
  const hostiles = routes.flatMap((route) =>
    hostileRequests({ ...route, validBody: JSON.parse(JSON.stringify(route.validBody)) }),
  )
  describe.each(schemaSources)(
    `the HTTP contract (service-base) on the ${service} routes: %s`,
    (_name, schemas) => {
      let t: TestApp
      beforeAll(async () => {
        t = await start(schemas)
      })
      afterAll(() => t?.close())

      it('takes every route schema from where it was asked to', async () => {
        await t.app.ready()
        expect(schemaSourceProblems(t.app, schemas)).toEqual([])
      })

      for (const hostile of hostiles) {
        it(`answers ${hostile.name} with ${hostile.status} ${hostile.code} and writes nothing`, async () => {
          const before = await countAllRows(t.sql)
          expect(await answerHostileRequest(t.app, hostile)).toEqual(expectedAnswer(hostile))
          expect(await countAllRows(t.sql)).toEqual(before)
        })
      }
    },
  )
}
