import { describeHttpContract } from '@bakery/service-base/testing/http-contract'
import { madrid, startTestApp } from './helpers.js'

// A location that exists in this file's database (created by its start below).
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

describeHttpContract('external', routes, async (schemas) => {
  const t = await startTestApp({}, schemas)
  await t.sql`INSERT INTO locations (id, name, city, region, latitude, longitude, timezone)
              VALUES (${locationId}, 'Existing', 'Madrid', 'ES-MD', 40.4, -3.7, 'Europe/Madrid')`
  return t
})
