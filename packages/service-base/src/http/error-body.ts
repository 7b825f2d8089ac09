import { type TSchema, Type } from 'typebox'
import { BODY_REJECTIONS, RequestErrorCode } from './error-codes.js'

/** One problem of a rejected request: the field (`body.lines.0.quantity`) and what is wrong with it. */
export const Problem = Type.Object({
  field: Type.String({ description: 'Where: body, querystring, params or headers, then the path' }),
  message: Type.String({ description: 'What is wrong, in words' }),
})

/** The one error body of every service: branch on `code`, show `message`. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable code, e.g. REQUEST_INVALID or ORDERS_NOT_FOUND' }),
    message: Type.String({ description: 'What is wrong and what to do' }),
    field: Type.Optional(Type.String({ description: 'The first field at fault' })),
    errors: Type.Optional(Type.Array(Problem, { description: 'Every problem found (400 REQUEST_INVALID)' })),
    requestId: Type.Optional(Type.String({ description: 'The x-request-id of the request (5xx)' })),
  },
  { description: 'An error' },
)

/** ErrorBody documented with the codes one status can carry. */
export function errorBodyWith(codes: readonly string[]): TSchema {
  return Type.Object(ErrorBody.properties, {
    description: `An error; \`code\` is one of: ${[...new Set(codes)].map((c) => `\`${c}\``).join(', ')}.`,
  })
}

/**
 * Response schemas for the errors a route can answer, each listing its codes:
 * `errorResponses({ 404: ['ORDERS_NOT_FOUND'] }, { body: true })`. `params`/`query` routes add
 * 400 REQUEST_INVALID; routes with a body add the body rejections (400, 413, 415).
 */
export function errorResponses(
  codes: Partial<Record<number, readonly string[]>>,
  options: { body?: boolean; validated?: boolean } = {},
): Record<number, TSchema> {
  const all: Record<number, string[]> = {}
  const add = (status: number, list: readonly string[]) => {
    all[status] = [...(all[status] ?? []), ...list]
  }
  if (options.validated ?? true) add(400, [RequestErrorCode.invalid])
  if (options.body) for (const [status, list] of Object.entries(BODY_REJECTIONS)) add(Number(status), list)
  for (const [status, list] of Object.entries(codes)) if (list) add(Number(status), list)
  return Object.fromEntries(Object.entries(all).map(([status, list]) => [status, errorBodyWith(list)]))
}
