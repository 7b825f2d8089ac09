import fc from 'fast-check'
import { anyJson, hostileNumber, hostileString } from './hostile-values.js'

export interface JsonSchema {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
}

/** Ids that exist in the database, so requests also reach the code paths past "not found". */
export interface Known {
  ids: string[]
}

/**
 * Values for a JSON schema (a route's OpenAPI body, query or header): mostly shaped like what the
 * route accepts, with hostile leaves, missing and extra fields, and sometimes the wrong type entirely.
 */
export function fromSchema(schema: JsonSchema, known: Known, name = ''): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 20, arbitrary: shaped(schema, known, name) }, { weight: 1, arbitrary: anyJson })
}

function shaped(schema: JsonSchema, known: Known, name: string): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), hostileString)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((s) => shaped(s, known, name)))
  const types = Array.isArray(schema.type) ? schema.type : [schema.type]
  return fc.oneof(...types.map((t) => ofType(t, schema, known, name)))
}

function ofType(
  type: string | undefined,
  schema: JsonSchema,
  known: Known,
  name: string,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'object': {
      const props = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, s]) => [k, fromSchema(s, known, k)]),
      )
      const required = (schema.required ?? []).filter((k) => k in props)
      return fc
        .tuple(
          fc.record(props, { requiredKeys: required }),
          required.length > 0 ? rarely(fc.subarray(required, { minLength: 1 })) : fc.constant(undefined),
          rarely(fc.dictionary(hostileString, anyJson, { minKeys: 1, maxKeys: 2 })),
        )
        .map(([value, drop, extra]) => {
          const out: Record<string, unknown> = { ...extra, ...value }
          for (const k of drop ?? []) delete out[k]
          return out
        })
    }
    case 'array':
      return fc.array(schema.items ? fromSchema(schema.items, known, name) : anyJson, { maxLength: 5 })
    case 'string':
      return fc.oneof(
        { weight: 6, arbitrary: likelyString(schema, known, name) },
        { weight: 1, arbitrary: hostileString },
      )
    case 'integer':
    case 'number':
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 1000 }) },
        { weight: 1, arbitrary: hostileNumber },
      )
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 'no', 1))
    case 'null':
      return fc.constant(null)
    default:
      return anyJson
  }
}

/** A string that passes the schema's own checks as often as we can make it. */
function likelyString(schema: JsonSchema, known: Known, name: string): fc.Arbitrary<string> {
  if (/id$/i.test(name) && known.ids.length > 0) return fc.oneof(fc.constantFrom(...known.ids), fc.uuid())
  if (schema.format === 'uuid') return fc.uuid()
  if (schema.format === 'date')
    return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
  if (schema.format === 'email') return fc.emailAddress()
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length <= (schema.maxLength ?? 1e6))
    } catch {
      // A pattern fast-check cannot invert: plain strings then.
    }
  }
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 60) })
}

/** `arb` one time in eight, otherwise nothing: most requests stay close to valid. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb })
}
