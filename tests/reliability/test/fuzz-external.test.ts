import { buildApp } from '@bakery/external/src/app.js'
import { loadConfig } from '@bakery/external/src/config.js'
import { freePort } from '@bakery/service-base/testing'
import { expect, it } from 'vitest'
import { describeHostileInput } from './support/fuzz-service.js'
import { SQL_INJECTION } from './support/hostile-values.js'

// The weather provider points at a closed port of 127.0.0.1: the sync route's coded 502 (provider
// unreachable) is its correct answer, and the only status >= 500 this suite accepts.
const location = {
  city: 'Madrid',
  region: 'ES-MD',
  latitude: 40.4,
  longitude: -3.7,
  timezone: 'Europe/Madrid',
}

describeHostileInput(
  {
    service: 'external',
    build: async (url) =>
      buildApp(
        loadConfig({
          DATABASE_URL: url,
          LOG_LEVEL: 'silent',
          WEATHER_PROVIDER_URL: `http://127.0.0.1:${await freePort()}`,
          WEATHER_PROVIDER_TIMEOUT_MS: '500',
        }),
      ),
    async seed(app) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/locations',
        payload: { name: 'Seed', ...location },
      })
      if (res.statusCode !== 201) throw new Error(`seed location: ${res.statusCode} ${res.body}`)
      return [res.json().id]
    },
    allowed: (route, status) => route.path.endsWith('/weather/sync') && (status === 502 || status === 504),
  },
  (ctx) => {
    it('stores and returns SQL-injection-shaped text literally', async () => {
      const { app } = ctx()
      for (const [i, injection] of SQL_INJECTION.entries()) {
        const text = `${injection} [${i}]` // location names are unique
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/locations',
          payload: { ...location, name: text, city: text },
        })
        expect(created.statusCode, created.body).toBe(201)
        const read = (await app.inject({ url: `/api/v1/locations/${created.json().id}` })).json()
        expect([read.name, read.city]).toEqual([text, text])
      }
    })
  },
)
