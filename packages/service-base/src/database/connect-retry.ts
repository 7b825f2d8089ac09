import { setTimeout as sleep } from 'node:timers/promises'
import { DatabaseUnreachableError } from '../errors.js'

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
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '3D000', // database does not exist yet (being created by the platform)
])

/** True for "the server is not there" errors, also when wrapped (drizzle's DrizzleQueryError keeps the driver error as `cause`). */
export function isTransientConnectionError(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true
  }
  return false
}

export interface RetryOptions {
  /** Give up after this long, in ms (0 = one attempt). */
  deadlineMs: number
  /** Where the database is, for messages: host/db only, never the password. */
  target: string
  onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void
  /** Stops retrying (the pending attempt still settles). */
  signal?: AbortSignal
}

/**
 * Runs `attempt` until it succeeds, a non-transient error occurs, or the deadline passes. Backoff is
 * exponential with full jitter (100 ms doubling to 2 s), so replicas starting together do not knock
 * on a recovering server in lockstep.
 */
export async function withConnectRetry<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now()
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (err) {
      if (!isTransientConnectionError(err)) throw err
      const elapsed = Date.now() - started
      const remaining = options.deadlineMs - elapsed
      const reason = describe(err)
      if (remaining <= 0) {
        throw new DatabaseUnreachableError(
          `Cannot reach the database at ${options.target} after ${n} attempt${n === 1 ? '' : 's'} in ${Math.round(elapsed / 100) / 10}s (last error: ${reason}). Check that PostgreSQL is running and DATABASE_URL points at it; DB_CONNECT_TIMEOUT sets how long to wait.`,
          { target: options.target, attempts: n, elapsedMs: elapsed, lastError: reason },
          { cause: err },
        )
      }
      const delayMs = Math.min(remaining, Math.random() * Math.min(2000, 100 * 2 ** (n - 1)) + 50)
      if (options.signal?.aborted) throw err
      options.onRetry?.({ attempt: n, delayMs: Math.round(delayMs), error: reason })
      await sleep(delayMs, undefined, { signal: options.signal }).catch(() => {
        throw err
      })
    }
  }
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string }
  return [e.code, e.message].filter(Boolean).join(': ') || String(err)
}

/** host:port/database of a URL, for messages. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || 5432}${u.pathname}`
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}
