import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadServiceConfig } from '../src/config/service-config.js'
import { buildServiceApp } from '../src/service/build-service-app.js'
import { freePort } from '../src/testing/embedded-postgres.js'
import {
  answerHostileRequest,
  countAllRows,
  expectedAnswer,
  hostileRequests,
} from '../src/testing/http-contract.js'
import { writeMigrationFolder } from '../src/testing/migration-folder.js'
import type { TestDatabase } from '../src/testing/test-database.js'
import { exampleDefinition } from './fixtures/example-definition.js'
import { connect, freshDatabase, migrate } from './helpers.js'

describe('buildServiceApp', () => {
  let d: TestDatabase
  let app: FastifyInstance
  beforeAll(async () => {
    d = await freshDatabase()
    await migrate(
      d.url,
      await writeMigrationFolder([
        { tag: '0000_items', sql: 'CREATE TABLE items (id serial PRIMARY KEY, name text);' },
      ]),
    )
    app = await buildServiceApp(
      exampleDefinition,
      loadServiceConfig({ DATABASE_URL: d.url, LOG_LEVEL: 'silent' }),
    )
  })
  afterAll(async () => {
    await app.close()
    await d.drop()
  })

  it('is live at once but not ready until the schema is verified', async () => {
    const live = await app.inject('/health/live')
    expect(live.statusCode).toBe(200)
    expect(live.headers['x-process-id']).toBe(String(process.pid))
    const ready = await app.inject('/health/ready')
    expect(ready.statusCode).toBe(503)
    expect(ready.json()).toMatchObject({ status: 'starting' })
    expect(ready.headers['x-process-id']).toBe(String(process.pid))
  })

  it('rejects a bad body with 400 REQUEST_INVALID naming the field, and writes nothing', async () => {
    for (const [payload, field] of [
      [{ name: '', quantity: 1 }, 'body.name'],
      [{ name: 'flour' }, 'body.quantity'],
      [{ name: 'flour', quantity: 1, extra: true }, 'body.extra'],
      [{ name: 'flour', quantity: -1 }, 'body.quantity'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/items', payload })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'REQUEST_INVALID', field })
      expect(res.json().message).toContain(field)
    }
    expect((await app.inject('/api/v1/count')).json()).toEqual({ n: 0 })
  })

  it('answers malformed JSON and oversized bodies with 4xx codes, not 500', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('REQUEST_JSON_INVALID')
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/items',
      payload: { name: 'x'.repeat(2 * 1024 * 1024), quantity: 1 },
    })
    expect([big.statusCode, big.json().code]).toEqual([413, 'REQUEST_BODY_TOO_LARGE'])
  })

  it('hides internals of unexpected errors behind a generic 500 that quotes the request id', async () => {
    const res = await app.inject({ url: '/api/v1/boom', headers: { 'x-request-id': 'trace-42' } })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({
      code: 'INTERNAL',
      message: 'Internal server error; quote request id trace-42 when reporting it.',
      requestId: 'trace-42',
    })
    expect(res.headers['x-request-id']).toBe('trace-42')
  })

  it('keeps the code of a service-raised 502/504 from an upstream', async () => {
    const res = await app.inject('/api/v1/upstream')
    expect(res.statusCode).toBe(504)
    expect(res.json()).toMatchObject({
      code: 'EXAMPLE_PROVIDER_TIMEOUT',
      message: 'The weather provider did not answer in time',
    })
  })

  for (const hostile of hostileRequests({
    method: 'POST',
    url: '/api/v1/items',
    validBody: { name: 'flour', quantity: 1 },
  })) {
    it(`answers ${hostile.name} with ${hostile.status} ${hostile.code} and writes nothing`, async () => {
      const sql = connect(d.url)
      try {
        const before = await countAllRows(sql)
        expect(await answerHostileRequest(app, hostile)).toEqual(expectedAnswer(hostile))
        expect(await countAllRows(sql)).toEqual(before)
      } finally {
        await sql.end()
      }
    })
  }

  it('answers unknown routes with 404 ROUTE_NOT_FOUND', async () => {
    expect((await app.inject('/api/v1/nope')).json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
  })

  it('serves OpenAPI listing the routes, with Swagger UI at /docs', async () => {
    const doc = (await app.inject('/docs/json')).json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/items']))
    expect(Object.keys(doc.paths)).not.toContain('/health/ready')
    expect((await app.inject('/docs')).statusCode).toBeLessThan(400)
  })

  it('times requests by method, route pattern and status, but not health checks or scrapes', async () => {
    const histogram = async () =>
      (await app.inject('/metrics')).body
        .split('\n')
        .filter((line) => line.startsWith('http_request_duration_seconds_count'))
    const before = await histogram()
    expect((await app.inject('/api/v1/count')).statusCode).toBe(200)
    await app.inject('/health/live')
    await app.inject('/health/ready')
    expect((await app.inject({ method: 'POST', url: '/api/v1/items', payload: {} })).statusCode).toBe(400)
    const after = await histogram()
    const count = (lines: string[], route: string, status: number) =>
      Number(
        lines
          .find((l) => l.includes(`route="${route}"`) && l.includes(`status_code="${status}"`))
          ?.split(' ')
          .at(-1) ?? 0,
      )
    expect(count(after, '/api/v1/count', 200) - count(before, '/api/v1/count', 200)).toBe(1)
    expect(count(after, '/api/v1/items', 400) - count(before, '/api/v1/items', 400)).toBe(1)
    expect(after.find((l) => l.includes('route="/api/v1/count"'))).toContain('method="GET"')
    expect(after.some((l) => /route="\/(health|metrics)/.test(l))).toBe(false)
  })

  it('serves the OpenAPI document without the UI when DOCS_UI=false', async () => {
    const lean = await buildServiceApp(
      exampleDefinition,
      loadServiceConfig({ DATABASE_URL: d.url, LOG_LEVEL: 'silent', DOCS_UI: 'false' }),
    )
    try {
      expect(Object.keys((await lean.inject('/docs/json')).json().paths)).toContain('/api/v1/items')
      expect((await lean.inject('/docs')).statusCode).toBe(404)
    } finally {
      await lean.close()
    }
  })

  it('reports a database outage as 503 on readiness and requests, while liveness stays 200', async () => {
    const port = await freePort()
    const down = await buildServiceApp(
      exampleDefinition,
      loadServiceConfig({ DATABASE_URL: `postgres://u:p@127.0.0.1:${port}/x`, LOG_LEVEL: 'silent' }),
    )
    try {
      down.serviceState.verification = {
        action: 'verified',
        currentRevision: 'x',
        migrationCount: 1,
        tableCount: 1,
        ahead: [],
        canCreate: false,
        invalidIndexes: [],
        warnings: [],
      }
      expect((await down.inject('/health/live')).statusCode).toBe(200)
      expect((await down.inject('/health/ready')).statusCode).toBe(503)
      const res = await down.inject('/api/v1/count')
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ code: 'SVC_DB_UNAVAILABLE' })
    } finally {
      await down.close()
    }
  })

  it('never creates tables: building the app on an empty database leaves it empty', async () => {
    const empty = await freshDatabase()
    const a = await buildServiceApp(
      exampleDefinition,
      loadServiceConfig({ DATABASE_URL: empty.url, LOG_LEVEL: 'silent' }),
    )
    await a.inject('/health/ready')
    await a.close()
    const sql = connect(empty.url)
    try {
      expect(
        await sql`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
      ).toEqual([{ n: 0 }])
    } finally {
      await sql.end()
      await empty.drop()
    }
  })
})
