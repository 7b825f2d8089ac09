/** One thing wrong with a request: where (`body.lines.0.quantity`) and what, in words. */
export interface Problem {
  field: string
  message: string
}

/** The parts of an Ajv error (with `verbose: true`) the messages are built from. */
export interface AjvIssue {
  keyword: string
  instancePath: string
  schemaPath: string
  params: Record<string, unknown>
  message?: string | undefined
  parentSchema?: { description?: unknown; format?: unknown; $comment?: unknown } | undefined
}

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
}

const FORMATS: Record<string, string> = {
  uuid: 'a UUID such as 3f2c1e9a-7b4d-4c1e-9a2b-5d6e7f8a9b0c',
  date: 'a date as YYYY-MM-DD',
  'date-time': 'a date-time such as 2024-05-01T08:00:00Z',
  email: 'an e-mail address',
  uri: 'an absolute URI',
}

/**
 * Every problem Ajv found, one per field, in words: the schema's description instead of a raw
 * pattern, the allowed values of an enum, "must be a string or null" for a union.
 */
export function describeValidation(issues: readonly AjvIssue[], context: string | undefined): Problem[] {
  const unions = issues.filter((i) => i.keyword === 'anyOf' || i.keyword === 'oneOf')
  const inUnion = (i: AjvIssue) => unions.some((u) => u !== i && i.schemaPath.startsWith(`${u.schemaPath}/`))
  const problems: Problem[] = []
  for (const issue of issues) {
    if (inUnion(issue)) continue
    const message =
      issue.keyword === 'anyOf' || issue.keyword === 'oneOf'
        ? describeUnion(issue, issues)
        : describeIssue(issue)
    const field = fieldOf(issue, context)
    if (!problems.some((p) => p.field === field && p.message === message)) problems.push({ field, message })
  }
  return problems
}

/** `body` + `/lines/0/quantity` (+ the missing or unknown property) → `body.lines.0.quantity`. */
function fieldOf(issue: AjvIssue, context: string | undefined): string {
  const path = issue.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
  const named = issue.params.missingProperty ?? issue.params.additionalProperty
  if (typeof named === 'string') path.push(named)
  return [context ?? 'request', ...path].join('.')
}

function describeIssue(issue: AjvIssue): string {
  const p = issue.params
  const description = issue.parentSchema?.description
  switch (issue.keyword) {
    case 'required':
      return 'is required'
    case 'additionalProperties':
      return 'is not a known field; remove it'
    case 'type':
      // The decimal-string rule (http/decimal-string.ts): the usual mistake deserves its own sentence.
      if (issue.parentSchema?.$comment === 'decimal-string') {
        return `must be a decimal string such as "2.50", not a JSON number (numbers lose precision)${typeof description === 'string' ? `: ${description}` : ''}`
      }
      return `must be ${typesOf(p.type)}`
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`
    case 'pattern':
      return typeof description === 'string'
        ? `is not valid: expected ${description}`
        : 'has an invalid format'
    case 'format':
      return `must be ${FORMATS[String(p.format)] ?? `in ${String(p.format)} format`}`
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${p.limit} characters long`
    case 'maxLength':
      return `must be at most ${p.limit} characters long`
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${p.comparison} ${p.limit}`
    case 'minItems':
      return `must have at least ${p.limit} item${p.limit === 1 ? '' : 's'}`
    case 'maxItems':
      return `must have at most ${p.limit} items`
    case 'minProperties':
      return `must have at least ${p.limit} field${p.limit === 1 ? '' : 's'}`
    default:
      return issue.message ?? 'is invalid'
  }
}

/** A union's branches failing on type alone read as one sentence: "must be a string or null". */
function describeUnion(union: AjvIssue, issues: readonly AjvIssue[]): string {
  const branches = issues.filter((i) => i.schemaPath.startsWith(`${union.schemaPath}/`))
  const sameField = branches.filter((b) => b.instancePath === union.instancePath)
  const deeper = branches.filter((b) => b.instancePath !== union.instancePath)
  const types = sameField.filter((b) => b.keyword === 'type').map((b) => typesOf(b.params.type))
  // The value had an accepted type but broke a rule of that branch (a pattern, a length): say which.
  const broken = sameField.find((b) => b.keyword !== 'type' && b.keyword !== 'anyOf' && b.keyword !== 'oneOf')
  if (broken && deeper.length === 0) return describeIssue(broken)
  if (types.length === sameField.length && types.length > 0) return `must be ${types.join(' or ')}`
  const description = union.parentSchema?.description
  return typeof description === 'string'
    ? `is not valid: expected ${description}`
    : 'matches none of the allowed shapes'
}

function typesOf(type: unknown): string {
  const list = Array.isArray(type) ? type : String(type).split(',')
  return list.map((t) => ARTICLE[String(t)] ?? String(t)).join(' or ')
}
