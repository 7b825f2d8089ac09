import fc from 'fast-check'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { hostileString } from './hostile-values.js'
import { fromSchema, type JsonSchema, type Known } from './schema-arbitrary.js'

export interface Route {
  method: string
  /** OpenAPI path, `{id}` style. */
  path: string
  params: { in: string; name: string; schema: JsonSchema }[]
  body: JsonSchema | undefined
}

/** Every API route the app documents at /docs/json, so a new route is fuzzed without touching this suite. */
export async function documentedRoutes(app: FastifyInstance): Promise<Route[]> {
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Route['params']; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }
      >
    >
  }
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  )
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'multipart/form-data; boundary=x',
  'application/xml',
]

/** Requests for one route: path params, query string, headers and body, all generated. */
export function requestsFor(route: Route, known: Known): fc.Arbitrary<InjectOptions> {
  const pathArbs = route.params
    .filter((p) => p.in === 'path')
    .map((p) =>
      fc
        .oneof(
          fc.constantFrom(...known.ids, '00000000-0000-4000-8000-000000000000'),
          fc.uuid(),
          hostileString,
        )
        .map((v) => [p.name, v] as const),
    )
  const queryArb = fc.record(
    Object.fromEntries(
      route.params.filter((p) => p.in === 'query').map((p) => [p.name, fromSchema(p.schema, known, p.name)]),
    ),
    { requiredKeys: [] },
  )
  const headerArb = fc.record(
    Object.fromEntries(
      route.params.filter((p) => p.in === 'header').map((p) => [p.name, fromSchema(p.schema, known, p.name)]),
    ),
    { requiredKeys: [] },
  )
  const bodyArb: fc.Arbitrary<string | undefined> = route.body
    ? fc.oneof(
        { weight: 6, arbitrary: fromSchema(route.body, known).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('{', '[]', 'null', '""', '{"a":1}{', '{"__proto__":{"x":1}}'),
        },
      )
    : fc.option(fc.string({ maxLength: 20 }), { nil: undefined })
  return fc
    .record({
      path: fc.tuple(...pathArbs),
      query: fc.oneof({ weight: 5, arbitrary: queryArb.map(toQuery) }, { weight: 1, arbitrary: rawQuery }),
      headers: headerArb,
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
      ),
      body: bodyArb,
    })
    .map(({ path, query, headers, contentType, body }) => {
      let url = route.path
      for (const [name, value] of path) url = url.replace(`{${name}}`, encodeURIComponent(wellFormed(value)))
      const hs: Record<string, string> = {}
      for (const [k, v] of Object.entries(headers)) hs[k] = headerValue(v)
      if (body !== undefined) hs['content-type'] = contentType
      return {
        method: route.method as InjectOptions['method'],
        url: url + query,
        headers: hs,
        ...(body === undefined ? {} : { payload: body }),
      }
    })
}

/** Lone surrogates cannot be percent-encoded; a client would send U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

function toQuery(values: Record<string, unknown>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(values)) q.append(k, typeof v === 'string' ? v : JSON.stringify(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

const rawQuery = fc.constantFrom(
  '?limit=%',
  '?%%%',
  '?limit=1e999',
  '?&&&=',
  '?cursor=%00',
  '?limit[]=1&limit[]=2',
  '?a=b&a=c',
)

/** Headers carry printable ASCII only (light-my-request refuses the rest, as a real socket would). */
function headerValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.replace(/[^\x20-\x7e]/g, '?')
}

/** Rows in every table of the public schema, to prove a rejected request wrote nothing. */
export async function rowCounts(sql: {
  unsafe: (q: string) => Promise<unknown[]>
}): Promise<Record<string, number>> {
  const tables = (await sql.unsafe(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  )) as { tablename: string }[]
  const select = tables
    .map((t) => `(SELECT count(*)::int FROM "${t.tablename}") AS "${t.tablename}"`)
    .join(', ')
  const [row] = (await sql.unsafe(`SELECT ${select}`)) as Record<string, number>[]
  return row ?? {}
}

export { hostileString }
