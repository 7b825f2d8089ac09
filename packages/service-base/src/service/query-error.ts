/** What is logged of a failed query: enough to find and fix it, never the values it carried. */
export interface QueryErrorLog {
  type: string
  message: string
  /** PostgreSQL's SQLSTATE (`23505`), or the driver's code (`ECONNREFUSED`). */
  sqlState: string | undefined
  /** The statement's verb and table (`insert into customers`), or its prepared-statement name. */
  queryName: string | undefined
  paramCount: number | undefined
  constraint: string | undefined
  table: string | undefined
  column: string | undefined
  stack: string | undefined
}

interface QueryFailure {
  query: string
  params: unknown[]
  cause?: unknown
}

function isQueryFailure(err: unknown): err is QueryFailure {
  const e = err as Partial<QueryFailure> | null
  return typeof e?.query === 'string' && Array.isArray(e.params)
}

/**
 * drizzle's DrizzleQueryError puts every parameter (names, e-mail addresses, phone numbers) in its
 * message, its stack and a `params` field, and PostgreSQL's `detail` repeats values ("Key
 * (email)=(…) already exists"). Errors that went through a query are logged as the SQL state, the
 * query's name and the parameter count; anything else is returned unchanged.
 */
export function describeQueryError(err: unknown): unknown {
  let failure: QueryFailure | undefined
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isQueryFailure(e)) {
      failure = e
      break
    }
  }
  if (!failure) return err
  const pg = (failure.cause ?? {}) as Record<string, unknown>
  const text = (key: string) => (typeof pg[key] === 'string' ? (pg[key] as string) : undefined)
  const pgMessage = text('message')
  return {
    type: 'QueryError',
    // PostgreSQL quotes the offending input at the end of some messages: 'invalid input syntax for type uuid: "…"'.
    message: pgMessage ? pgMessage.replace(/: ".*"$/s, ': "…"') : 'query failed',
    sqlState: text('code'),
    queryName: nameQuery(failure.query),
    paramCount: failure.params.length,
    constraint: text('constraint_name'),
    table: text('table_name'),
    column: text('column_name'),
    // The first line of the stack repeats the message with the parameters: keep only the frames.
    stack: (err as Error).stack
      ?.split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n'),
  } satisfies QueryErrorLog
}

const VERB = /^\s*(?:with\b[\s\S]*?\)\s*)?(select|insert\s+into|update|delete\s+from)\b([\s\S]*)$/i

/** `insert into "customers" (...)` → `insert into customers`; a select names its first table. */
export function nameQuery(query: string): string | undefined {
  const match = VERB.exec(query)
  if (!match) return query.trim().split(/\s+/, 1)[0]?.toLowerCase()
  const verb = (match[1] ?? '').toLowerCase().replace(/\s+/g, ' ')
  const rest = match[2] ?? ''
  const table = (verb === 'select' ? /\bfrom\s+("?[\w.]+"?)/i.exec(rest) : /^\s*("?[\w.]+"?)/.exec(rest))?.[1]
  return table ? `${verb} ${table.replaceAll('"', '')}` : verb
}
