import { buildApp } from '@bakery/inventory/src/app.js'
import { loadConfig } from '@bakery/inventory/src/config.js'
import { expect, it } from 'vitest'
import { describeHostileInput } from './support/fuzz-service.js'
import { SQL_INJECTION } from './support/hostile-values.js'

describeHostileInput(
  {
    service: 'inventory',
    build: (url) => buildApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' })),
    async seed(app) {
      const flour = (
        await app.inject({
          method: 'POST',
          url: '/api/v1/ingredients',
          payload: { name: 'Seed flour', unit: 'kg', reorderPoint: '5' },
        })
      ).json()
      await app.inject({
        method: 'POST',
        url: `/api/v1/ingredients/${flour.id}/movements`,
        payload: { type: 'receipt', quantity: '1000' },
      })
      return [flour.id]
    },
  },
  (ctx) => {
    it('stores and returns SQL-injection-shaped text literally', async () => {
      const { app, sql } = ctx()
      for (const [i, injection] of SQL_INJECTION.entries()) {
        // Names are unique (case-insensitively) and the fuzzing above may have used these strings.
        const text = `${injection} [${i}]`
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/ingredients',
          payload: { name: text, unit: 'g', reorderPoint: '0' },
        })
        expect(created.statusCode, created.body).toBe(201)
        const id = created.json().id
        const moved = await app.inject({
          method: 'POST',
          url: `/api/v1/ingredients/${id}/movements`,
          payload: { type: 'receipt', quantity: `${i + 1}`, reason: text, reference: text },
        })
        expect(moved.statusCode, moved.body).toBe(201)
        expect((await app.inject({ url: `/api/v1/ingredients/${id}` })).json().name).toBe(text)
        const rows = await sql`SELECT reason, reference FROM stock_movements WHERE ingredient_id = ${id}`
        expect(rows).toEqual([{ reason: text, reference: text }])
      }
      const [row] = await sql`SELECT count(*)::int AS n FROM stock_movements`
      expect(row?.n).toBeGreaterThanOrEqual(SQL_INJECTION.length)
    })
  },
)
