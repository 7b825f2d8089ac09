import {
  answerHostileRequest,
  countAllRows,
  expectedAnswer,
  hostileRequests,
  schemaSourceProblems,
  schemaSources,
} from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { madrid, startTestApp, type TestApp } from './helpers.js'

// A location that exists in this file's database (created in beforeAll).
const locationId = '7a1c3e5f-2b4d-4f6a-8c0e-9d1b3f5a7c9e'

const routes = [
  { method: 'POST', url: '/api/v1/locations', validBody: { ...madrid, name: 'Contract' } },
  { method: 'PATCH', url: `/api/v1/locations/${locationId}`, validBody: { name: 'Renamed', city: 'Getafe' } },
  {
    method: 'POST',
    url: `/api/v1/locations/${locationId}/weather`,
    validBody: [
      {
        date: '2024-05-01',
        kind: 'observation',
        tempMinC: 8.5,
        tempMaxC: 19.25,
        precipitationMm: 1.2,
        condition: 'rain',
      },
    ],
  },
  {
    method: 'POST',
    url: `/api/v1/locations/${locationId}/traffic`,
    validBody: [{ measuredAt: '2024-05-01T10:00:00Z', intensity: 100, occupancyPct: 10 }],
  },
  {
    method: 'POST',
    url: '/api/v1/events',
    validBody: [{ date: '2024-05-01', kind: 'public_holiday', name: 'Fiesta del Trabajo', region: 'ES' }],
  },
] as const

describe.each(schemaSources)(
  'the HTTP contract (service-base) on the external routes: %s',
  (_name, schemas) => {
    let t: TestApp
    beforeAll(async () => {
      t = await startTestApp({}, schemas)
      await t.sql`INSERT INTO locations (id, name, city, region, latitude, longitude, timezone)
                VALUES (${locationId}, 'Existing', 'Madrid', 'ES-MD', 40.4, -3.7, 'Europe/Madrid')`
    })
    afterAll(() => t?.close())

    it('takes every route schema from where it was asked to', async () => {
      await t.app.ready()
      expect(schemaSourceProblems(t.app, schemas)).toEqual([])
    })

    for (const hostile of routes.flatMap((route) =>
      hostileRequests({ ...route, validBody: JSON.parse(JSON.stringify(route.validBody)) }),
    )) {
      it(`answers ${hostile.name} with ${hostile.status} ${hostile.code} and writes nothing`, async () => {
        const before = await countAllRows(t.sql)
        expect(await answerHostileRequest(t.app, hostile)).toEqual(expectedAnswer(hostile))
        expect(await countAllRows(t.sql)).toEqual(before)
      })
    }
  },
)
