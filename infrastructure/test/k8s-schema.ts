import * as clientModels from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js'
import type { K8sObject } from './render.js'

/**
 * Offline validation against the upstream Kubernetes OpenAPI schemas, from two packages generated
 * from them: kubernetes-models checks types, required fields and formats (its validators never
 * reject unknown fields, like the API's own schemas); the official JavaScript client's model
 * attribute maps list every field of every type, which this module walks to reject unknown fields
 * and mistyped scalars, as `kubectl apply --validate=strict` would.
 */

interface Attribute {
  baseName: string
  type: string
}
type ModelClass = { attributeTypeMap: Attribute[] }
const models = clientModels as unknown as Record<string, ModelClass | undefined>

const modelsPackage: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
}

function checkScalar(value: unknown, type: string, path: string): string[] {
  const actual = typeof value
  const ok =
    type === 'any' ||
    (type === 'string' && actual === 'string') ||
    (type === 'Date' && actual === 'string') ||
    (type === 'number' && actual === 'number') ||
    (type === 'boolean' && actual === 'boolean') ||
    (type === 'IntOrString' && (actual === 'string' || actual === 'number'))
  return ok ? [] : [`${path}: expected ${type}, got ${actual} (${JSON.stringify(value)})`]
}

function checkValue(value: unknown, type: string, path: string): string[] {
  if (value === null || value === undefined) return []
  const array = /^Array<(.+)>$/.exec(type)
  if (array?.[1]) {
    if (!Array.isArray(value)) return [`${path}: expected a list`]
    return value.flatMap((item, i) => checkValue(item, array[1] as string, `${path}[${i}]`))
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)
  if (map?.[1]) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected a map`]
    return Object.entries(value).flatMap(([k, v]) => checkValue(v, map[1] as string, `${path}.${k}`))
  }
  const model = models[type]
  if (!model) return checkScalar(value, type, path)
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object (${type})`]
  return Object.entries(value).flatMap(([key, child]) => {
    const attribute = model.attributeTypeMap.find((a) => a.baseName === key)
    if (!attribute) return [`${path}.${key}: unknown field in ${type}`]
    return checkValue(child, attribute.type, `${path}.${key}`)
  })
}

/** Every field of `object` is declared by the API schema of its kind, with the declared scalar type. */
export function findUnknownFields(object: K8sObject): string[] {
  const type = `V1${object.kind}`
  if (!object.apiVersion.endsWith('v1') || !models[type]) return [`${object.kind}: no v1 schema known`]
  return checkValue(object, type, `${object.kind}/${object.metadata.name}`)
}

/**
 * kustomize wraps long base64 values over several lines; the API server's base64 decoder (Go's)
 * skips newlines, the `byte` format check does not, so unwrap before checking.
 */
function withUnwrappedSecretData(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object
  const data = Object.fromEntries(
    Object.entries(object.data as Record<string, string>).map(([k, v]) => [k, v.replace(/\s+/g, '')]),
  )
  return { ...object, data }
}

/** Validates with kubernetes-models (types, required fields, formats); returns the error, if any. */
export async function findSchemaErrors(object: K8sObject): Promise<string | null> {
  const specifier = modelsPackage[object.apiVersion]
  if (!specifier) return `${object.apiVersion} is not an API group these tests know`
  const group = (await import(specifier)) as Record<string, new (data: unknown) => { validate(): void }>
  const Model = group[object.kind]
  if (!Model) return `${object.apiVersion} has no kind ${object.kind}`
  try {
    new Model(withUnwrappedSecretData(object)).validate()
    return null
  } catch (err) {
    return `${object.kind}/${object.metadata.name}: ${(err as Error).message}`
  }
}
