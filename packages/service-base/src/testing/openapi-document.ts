import { Validator } from '@seriousme/openapi-schema-validator'
import type { FastifyInstance } from 'fastify'

type Operations = Record<string, Record<string, { responses: Record<string, { description: string }> }>>

/**
 * What is wrong with a service's `/docs/json`, as lines a failing test prints; empty when nothing is.
 * Every service promises the same two things: an OpenAPI 3.1 document a validator accepts, and
 * error responses whose descriptions name the codes (`SOME_CODE`) a client can branch on.
 */
export async function openApiDocumentProblems(app: FastifyInstance): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: '/docs/json' })
  if (res.statusCode !== 200) return [`GET /docs/json answered ${res.statusCode}`]
  const doc = res.json()
  const problems: string[] = []
  if (!/^3\.1\./.test(String(doc.openapi))) problems.push(`openapi is ${doc.openapi}, not 3.1.x`)
  const validation = await new Validator().validate(doc)
  if (!validation.valid) problems.push(`the validator refuses it: ${JSON.stringify(validation.errors)}`)
  for (const [path, methods] of Object.entries((doc.paths ?? {}) as Operations)) {
    for (const [method, operation] of Object.entries(methods)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && !/`[A-Z_]+`/.test(response.description))
          problems.push(`${method} ${path} ${status} names no error code: "${response.description}"`)
      }
    }
  }
  return problems
}
