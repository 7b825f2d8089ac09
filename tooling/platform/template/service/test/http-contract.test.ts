import {
  answerHostileRequest,
  countAllRows,
  expectedAnswer,
  hostileRequests,
  schemaSourceProblems,
  schemaSources,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './test-app.js'

// Every route that reads a JSON body belongs here: add yours as you add them.
const routes = [{ method: 'POST', url: '/api/v1/items', validBody: { name: 'Baguette' } }] as const

// Once on the validators and serializers the build compiled (what a production start serves from)
// and once on those compiled at start (what a schema changed since the build gets).
describe.each(schemaSources)(
  'the HTTP contract (service-base) on the __name__ routes: %s',
  (_name, schemas) => {
    let t: TestApp
    beforeAll(async () => {
      t = await startTestApp(schemas)
    })
    afterAll(() => t?.close())

    it('takes every route schema from where it was asked to', async () => {
      await t.app.ready()
      expect(schemaSourceProblems(t.app, schemas)).toEqual([])
    })

    for (const hostile of routes.flatMap((route) =>
      hostileRequests({ ...route, validBody: { ...route.validBody } }),
    )) {
      it(`answers ${hostile.name} with ${hostile.status} ${hostile.code} and writes nothing`, async () => {
        const before = await countAllRows(t.sql)
        expect(await answerHostileRequest(t.app, hostile)).toEqual(expectedAnswer(hostile))
        expect(await countAllRows(t.sql)).toEqual(before)
      })
    }
  },
)
