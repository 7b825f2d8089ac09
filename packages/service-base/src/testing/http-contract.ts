import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Sql } from 'postgres'

/** A route that reads a JSON body, with a body it accepts; the hostile variants derive from it. */
export interface ContractRoute {
  method: 'POST' | 'PUT' | 'PATCH'
  /** A concrete URL (path parameters filled with an id that exists). */
  url: string
  validBody: Record<string, unknown> | Array<Record<string, unknown>>
  headers?: Record<string, string>
}

/** One hostile request and the answer the contract requires. */
export interface HostileRequest {
  name: string
  request: InjectOptions
  status: number
  code: string
  /** A field the answer's `errors` must name (REQUEST_INVALID answers). */
  field?: string
  /** The least number of problems the answer must list (all of them, not only the first). */
  minErrors?: number
}

const JSON_TYPE = { 'content-type': 'application/json' }

/**
 * The table of hostile requests every route with a body must answer with our codes: invalid JSON,
 * the wrong content type, an empty or oversized body, an unknown field, every field with a value
 * of the wrong JSON type, several problems at once, and the wrong shape of body.
 */
export function hostileRequests(route: ContractRoute): HostileRequest[] {
  const at = `${route.method} ${route.url}`
  const send = (payload: string, headers: Record<string, string> = JSON_TYPE): InjectOptions => ({
    method: route.method,
    url: route.url,
    payload,
    headers: { ...route.headers, ...headers },
  })
  const valid = JSON.stringify(route.validBody)
  const isBatch = Array.isArray(route.validBody)
  const sample: Record<string, unknown> =
    (isBatch
      ? (route.validBody as Array<Record<string, unknown>>)[0]
      : (route.validBody as Record<string, unknown>)) ?? {}
  const prefix = isBatch ? 'body.0' : 'body'
  const withItem = (item: Record<string, unknown>) =>
    JSON.stringify(isBatch ? [item, ...(route.validBody as unknown[]).slice(1)] : item)
  const invalid = (name: string, payload: string, field?: string, minErrors?: number): HostileRequest => ({
    name: `${at}: ${name}`,
    request: send(payload),
    status: 400,
    code: 'REQUEST_INVALID',
    ...(field ? { field } : {}),
    ...(minErrors ? { minErrors } : {}),
  })
  const cases: HostileRequest[] = [
    {
      name: `${at}: invalid JSON`,
      request: send(valid.slice(0, -1)),
      status: 400,
      code: 'REQUEST_JSON_INVALID',
    },
    { name: `${at}: empty JSON body`, request: send(''), status: 400, code: 'REQUEST_BODY_EMPTY' },
    {
      name: `${at}: JSON sent as text/plain`,
      request: send(valid, { 'content-type': 'text/plain' }),
      status: 415,
      code: 'REQUEST_MEDIA_TYPE_UNSUPPORTED',
    },
    {
      name: `${at}: a form body`,
      request: send('a=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      status: 415,
      code: 'REQUEST_MEDIA_TYPE_UNSUPPORTED',
    },
    {
      name: `${at}: a body over 1 MiB`,
      request: send(JSON.stringify({ padding: 'x'.repeat(1_100_000) })),
      status: 413,
      code: 'REQUEST_BODY_TOO_LARGE',
    },
    invalid('an unknown field', withItem({ ...sample, unexpectedField: 'x' }), `${prefix}.unexpectedField`),
    invalid('the wrong shape of body', isBatch ? '{}' : '["x"]', 'body'),
    invalid('null as the body', 'null', 'body'),
  ]
  const keys = Object.keys(sample)
  for (const key of keys) {
    for (const wrong of wrongTypes(sample[key])) {
      cases.push(
        invalid(
          `${key} as ${JSON.stringify(wrong)}`,
          withItem({ ...sample, [key]: wrong }),
          `${prefix}.${key}`,
        ),
      )
    }
  }
  const [first, second] = keys.filter((k) => wrongTypes(sample[k]).length > 0)
  if (first && second) {
    const twoWrong = {
      ...sample,
      [first]: wrongTypes(sample[first])[0],
      [second]: wrongTypes(sample[second])[0],
    }
    cases.push(invalid('two wrong fields, both reported', withItem(twoWrong), `${prefix}.${second}`, 2))
  }
  return cases
}

/** Values of another JSON type than `value`, the ones a lax validator would convert silently. */
function wrongTypes(value: unknown): unknown[] {
  switch (typeof value) {
    case 'string':
      return [123, true, [value]]
    case 'number':
      return [String(value), [value]]
    case 'boolean':
      return [String(value)]
    case 'object':
      return value === null ? [] : ['x']
    default:
      return []
  }
}

/** What the contract compares: status, code and whether the named field and enough problems are there. */
export async function answerHostileRequest(app: FastifyInstance, hostile: HostileRequest) {
  const res = await app.inject(hostile.request)
  const body = res.json() as { code?: unknown; errors?: Array<{ field: string }> }
  const fields = (body.errors ?? []).map((e) => e.field)
  return {
    status: res.statusCode,
    code: body.code,
    ...(hostile.field
      ? { namesField: fields.includes(hostile.field) || `errors name ${fields.join(', ')}` }
      : {}),
    ...(hostile.minErrors ? { allReported: fields.length >= hostile.minErrors } : {}),
  }
}

/** What `answerHostileRequest` must return for the request to pass. */
export function expectedAnswer(hostile: HostileRequest) {
  return {
    status: hostile.status,
    code: hostile.code,
    ...(hostile.field ? { namesField: true } : {}),
    ...(hostile.minErrors ? { allReported: true } : {}),
  }
}

/** Row counts of every table of the public schema: equal before and after means nothing was written. */
export async function countAllRows(sql: Sql): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }[]>`
    SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`
  const counts: Record<string, number> = {}
  for (const { name } of tables) {
    const [row] = await sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM public.${name}`)
    counts[name] = row?.n ?? 0
  }
  return counts
}

/** `build`: the production path (the build's compiled validators and serializers); `start`: compiled at start. */
export type SchemaSource = 'build' | 'start'

/** Both ways a service gets its route schemas' code, for `describe.each`: every contract runs on both. */
export const schemaSources: Array<[string, SchemaSource]> = [
  ['validators and serializers compiled at build time (production)', 'build'],
  ['validators and serializers compiled at start', 'start'],
]

/**
 * What is wrong with where a ready app took its route schemas' code from; empty when nothing is.
 * A route compiled at start on the build path means dist/ is older than the schemas: rebuild.
 */
export function schemaSourceProblems(app: FastifyInstance, source: SchemaSource): string[] {
  const { mode, restored, compiledAtStart } = app.schemaCompilation
  const expected = source === 'build' ? 'restored' : 'fresh'
  const problems = mode === expected ? [] : [`schemas ${mode}, expected ${expected}`]
  if (source === 'build') {
    if (restored === 0) problems.push('no route schema came from the build')
    problems.push(...compiledAtStart.map((part) => `compiled at start: ${part} (rebuild: pnpm build)`))
  }
  return problems
}
