/**
 * The SQLSTATE of a PostgreSQL error. drizzle-orm (0.44+) wraps driver errors in DrizzleQueryError
 * and keeps the postgres.js error as `cause`, so the code is looked for on both.
 */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return undefined
}
