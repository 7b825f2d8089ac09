import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t?.close())

describe('OpenAPI document', () => {
  it('is a document an OpenAPI 3.1 validator accepts', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json()
    expect(doc.openapi).toMatch(/^3\.1\./)
    expect(await new Validator().validate(doc)).toEqual({ valid: true })
  })

  it('lists the codes each error response can carry', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json()
    for (const [path, methods] of Object.entries(
      doc.paths as Record<string, Record<string, { responses: Record<string, { description: string }> }>>,
    )) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400)
            expect(response.description, `${method} ${path} ${status}`).toMatch(/`[A-Z_]+`/)
        }
      }
    }
  })
})
