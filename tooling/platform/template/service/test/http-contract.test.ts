import {
  answerHostileRequest,
  countAllRows,
  expectedAnswer,
  hostileRequests,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './test-app.js'

// Every route that reads a JSON body belongs here: add yours as you add them.
const routes = [{ method: 'POST', url: '/api/v1/items', validBody: { name: 'Baguette' } }] as const

describe('the HTTP contract (service-base) on the __name__ routes', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(() => t?.close())

  for (const hostile of routes.flatMap((route) =>
    hostileRequests({ ...route, validBody: { ...route.validBody } }),
  )) {
    it(`answers ${hostile.name} with ${hostile.status} ${hostile.code} and writes nothing`, async () => {
      const before = await countAllRows(t.sql)
      expect(await answerHostileRequest(t.app, hostile)).toEqual(expectedAnswer(hostile))
      expect(await countAllRows(t.sql)).toEqual(before)
    })
  }
})
