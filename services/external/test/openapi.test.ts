import { openApiDocumentProblems } from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from './helpers.js'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t?.close())

describe('OpenAPI document', () => {
  it('is an OpenAPI 3.1 document whose error responses name their codes', async () => {
    expect(await openApiDocumentProblems(t.app)).toEqual([])
  })
})
