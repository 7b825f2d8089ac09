/** A libpq connection URL taken apart: what postgres.js needs spelled out as options. */
export interface PostgresTarget {
  /** A host, a comma-separated list, or a directory holding the server's Unix socket (starts with `/`). */
  host: string | undefined
  port: number | undefined
  database: string | undefined
  user: string | undefined
  password: string | undefined
  /** Every other query parameter (sslmode, application_name, options, ...), passed on as they are. */
  params: URLSearchParams
}

const URL_SHAPE = /^postgres(?:ql)?:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/i
/** Query parameters that name the connection itself; libpq lets them override the URL's parts. */
const CONNECTION_PARAMS = ['host', 'port', 'dbname', 'user', 'password'] as const

/**
 * Parses `postgres://` and `postgresql://` URLs the way libpq does, including its Unix-socket forms
 * that WHATWG `URL` rejects or misreads: `postgres://user@/db?host=/run/postgresql`,
 * `postgresql:///db?host=/dir`, `postgres://%2Frun%2Fpostgresql/db`. Throws on anything else.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  const match = URL_SHAPE.exec(url)
  if (!match) throw new Error('not a postgres:// or postgresql:// URL')
  const [, authority = '', path = '', query = ''] = match
  const at = authority.lastIndexOf('@')
  const userInfo = at >= 0 ? authority.slice(0, at) : ''
  const colon = userInfo.indexOf(':')
  const params = new URLSearchParams(query)
  const fromQuery = Object.fromEntries(CONNECTION_PARAMS.map((k) => [k, params.get(k) ?? undefined]))
  for (const k of CONNECTION_PARAMS) params.delete(k)
  // Split before decoding: a socket directory is percent-encoded (`%2Frun%2Fpg:5432`), its port is not.
  const [rawHost, authorityPort] = splitHostPort(authority.slice(at + 1))
  const authorityHost = decode(rawHost)
  const port = fromQuery.port ?? authorityPort
  return {
    host: fromQuery.host || authorityHost || undefined,
    port: port === undefined || port === '' ? undefined : parsePort(port),
    database: fromQuery.dbname || decode(path.replace(/^\//, '')) || undefined,
    user: fromQuery.user || decode(colon >= 0 ? userInfo.slice(0, colon) : userInfo) || undefined,
    password: fromQuery.password ?? (colon >= 0 ? decode(userInfo.slice(colon + 1)) : undefined),
    params,
  }
}

/** `host:port/database` for messages (the socket file's directory for a Unix socket); never the password. */
export function describePostgresTarget(target: PostgresTarget): string {
  return `${target.host ?? 'localhost'}:${target.port ?? 5432}/${target.database ?? target.user ?? ''}`
}

/** True when the URL is one libpq would accept; for config validation. */
export function isPostgresUrl(url: string): boolean {
  try {
    parsePostgresUrl(url)
    return true
  } catch {
    return false
  }
}

function splitHostPort(hostPort: string): [string, string | undefined] {
  // A list (`a:5432,b:5433`) stays whole: postgres.js splits lists itself.
  if (hostPort.includes(',')) return [hostPort, undefined]
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort)
  if (bracketed) return [bracketed[1] ?? '', bracketed[2]]
  const colon = hostPort.lastIndexOf(':')
  return colon >= 0 ? [hostPort.slice(0, colon), hostPort.slice(colon + 1)] : [hostPort, undefined]
}

function parsePort(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 65_535)
    throw new Error('the port must be a number from 1 to 65535')
  return n
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new Error('the URL has a malformed %-escape')
  }
}
