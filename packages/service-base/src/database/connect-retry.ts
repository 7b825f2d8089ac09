import { setTimeout as sleep } from 'node:timers/promises'
import { DatabaseAuthFailedError, DatabaseMissingError, DatabaseUnreachableError } from '../errors.js'
import { describePostgresTarget, parsePostgresUrl } from './postgres-url.js'

/** Errors that mean "the server is not there (yet)", worth retrying; anything else fails at once. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'SVC_DB_NOT_POSTGRES', // may be a proxy or a port being reassigned; named in the final message
  'SVC_DB_CLOSED_IN_STARTUP',
  'DEADLINE', // an attempt cut short by withConnectRetry's own deadline
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '3D000', // database does not exist yet (being created by the platform)
])

/** True for "the server is not there" errors, also when wrapped (drizzle's DrizzleQueryError keeps the driver error as `cause`). */
export function isTransientConnectionError(err: unknown): boolean {
  return findCode(err, TRANSIENT_CODES) !== undefined
}

/** invalid_password and invalid_authorization_specification: wrong password, no pg_hba entry, no LOGIN. */
const AUTH_CODES = new Set(['28P01', '28000'])

function findCode(err: unknown, codes: Set<string>): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && codes.has(code)) return code
  }
  return undefined
}

export interface RetryOptions {
  /** Give up after this long, in ms (0 = one attempt). */
  deadlineMs: number
  /** Where the database is, for messages: user@host:port/db, never the password. */
  target: string
  onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void
  /** Stops retrying (the pending attempt still settles). */
  signal?: AbortSignal
}

/**
 * Runs `attempt` until it succeeds, a non-transient error occurs, or the deadline passes. Backoff is
 * exponential with full jitter (100 ms doubling to 2 s), so replicas starting together do not knock
 * on a recovering server in lockstep. A later attempt still pending at the deadline is abandoned (the
 * caller closes its client), so the deadline holds whatever the server does.
 * A refused login fails at once as SVC_DB_AUTH_FAILED; a missing database is retried (the platform
 * may be creating it) and, at the deadline, named as SVC_DB_DATABASE_MISSING.
 */
export async function withConnectRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now()
  let telling: unknown
  for (let n = 1; ; n++) {
    try {
      // The first attempt has the client's own connect_timeout (so a deadline of 0 still makes one).
      return await (n === 1 ? attempt() : withinDeadline(attempt(), started, options.deadlineMs))
    } catch (err) {
      if (findCode(err, AUTH_CODES)) throw authFailed(err, options.target)
      if (!isTransientConnectionError(err)) throw err
      // An attempt cut short by the deadline says less than the failure before it.
      if ((err as { code?: unknown }).code !== 'DEADLINE' || telling === undefined) telling = err
      const elapsed = Date.now() - started
      const remaining = options.deadlineMs - elapsed
      if (remaining <= 0) throw gaveUp(telling, options.target, n, elapsed)
      const delayMs = Math.min(remaining, Math.random() * Math.min(2000, 100 * 2 ** (n - 1)) + 50)
      if (options.signal?.aborted) throw err
      options.onRetry?.({ attempt: n, delayMs: Math.round(delayMs), error: describe(err) })
      await sleep(delayMs, undefined, { signal: options.signal }).catch(() => {
        throw err
      })
    }
  }
}

/** Settles like `work`, or rejects with DEADLINE when the deadline passes; `work` is left to the caller's cleanup. */
async function withinDeadline<T>(work: Promise<T>, started: number, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`the server did not answer within ${deadlineMs / 1000}s`), {
            code: 'DEADLINE',
          }),
        ),
      Math.max(0, started + deadlineMs - Date.now()),
    )
  })
  work.catch(() => {})
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}

function authFailed(err: unknown, target: string): DatabaseAuthFailedError {
  const code = findCode(err, AUTH_CODES)
  // describeTarget puts the user first (`user@host:port/db`); host names and socket paths have no '@'.
  const at = target.indexOf('@')
  const user = at > 0 ? target.slice(0, at) : '(default user)'
  return new DatabaseAuthFailedError(
    `The database at ${target} refused the login of user "${user}" (${code}: ${serverMessage(err)}). Check the user and password in DATABASE_URL (in Kubernetes, the service's Secret), that the role exists and may log in, and that pg_hba.conf admits it. Not retried: credentials do not fix themselves.`,
    { target, user, sqlState: code },
    { cause: err },
  )
}

function gaveUp(err: unknown, target: string, attempts: number, elapsedMs: number) {
  const tried = `after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${Math.round(elapsedMs / 100) / 10}s`
  const facts = { target, attempts, elapsedMs, lastError: describe(err) }
  if (findCode(err, new Set(['3D000']))) {
    return new DatabaseMissingError(
      `The server at ${target} is up, but ${serverMessage(err)} (${tried}). Create the database (the platform's set-up does, in development \`pnpm dev\`), or fix its name in DATABASE_URL; DB_CONNECT_TIMEOUT sets how long to wait for it.`,
      facts,
      { cause: err },
    )
  }
  return new DatabaseUnreachableError(
    `Cannot reach the database at ${target} ${tried} (last error: ${describe(err)}). Check that PostgreSQL is running and DATABASE_URL points at it; DB_CONNECT_TIMEOUT sets how long to wait.`,
    facts,
    { cause: err },
  )
}

/** The innermost message that carries an SQLSTATE or driver code (drizzle wraps the driver's error). */
function serverMessage(err: unknown): string {
  let found = (err as Error)?.message ?? String(err)
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code) found = (e as Error).message
  }
  return found
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string }
  // postgres.js says only "write CONNECT_TIMEOUT host:port" when its per-attempt connect_timeout fires.
  if (e.code === 'CONNECT_TIMEOUT') return 'CONNECT_TIMEOUT: the server did not answer within connect_timeout'
  return [e.code, e.message].filter(Boolean).join(': ') || String(err)
}

/** user@host:port/database of a URL, for messages: never the password. */
export function describeTarget(url: string): string {
  try {
    const target = parsePostgresUrl(url)
    return `${target.user ? `${target.user}@` : ''}${describePostgresTarget(target)}`
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}
