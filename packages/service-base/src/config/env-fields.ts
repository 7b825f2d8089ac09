// zod/mini, not classic zod: the same parser without ~30 ms of module evaluation at every process
// start (measured on a bundled entry), which both the service and the migration Job pay.
import * as z from 'zod/mini'
import { isPostgresUrl } from '../database/postgres-url.js'

/** Environment variables arrive as strings; these parse them strictly and never echo the value. */
export const envBoolean = (fallback: boolean) =>
  z.pipe(
    z.optional(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })),
    z.transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes')),
  )

export const envInt = (fallback: number, min: number, max: number) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((v, ctx) => {
      if (v === undefined || v === '') return fallback
      const n = Number(v)
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.issues.push({ code: 'custom', message: `must be a whole number from ${min} to ${max}`, input: v })
        return z.NEVER
      }
      return n
    }),
  )

const urlWithProtocol = (protocols: string[], message: string) =>
  z.string({ error: 'is required' }).check(
    z.refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol)
        } catch {
          return false
        }
      },
      { message },
    ),
  )

/** libpq's URL forms, Unix sockets included (`postgres://user@/db?host=/run/postgresql`), which WHATWG URL rejects. */
export const postgresUrl = z
  .string({ error: 'is required' })
  .check(z.refine(isPostgresUrl, { message: 'must be a postgres:// or postgresql:// URL' }))

/** An http(s) URL with a default, for a service's upstream settings. */
export const envHttpUrl = (fallback: string) =>
  z._default(urlWithProtocol(['http:', 'https:'], 'must be an http:// or https:// URL'), fallback)

/** A non-empty string, optional. */
export const envText = () => z.optional(z.string().check(z.minLength(1, { error: 'must not be empty' })))

export const environmentName = z._default(
  z.enum(['development', 'test', 'staging', 'production'], {
    error: 'must be one of development, test, staging, production',
  }),
  'development',
)

export const logLevel = z._default(
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'must be one of fatal, error, warn, info, debug, trace, silent',
  }),
  'info',
)
