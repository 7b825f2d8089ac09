import { z } from 'zod'

/** Environment variables arrive as strings; these parse them strictly and never echo the value. */
export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'))

export const envInt = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback
      const n = Number(v)
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` })
        return z.NEVER
      }
      return n
    })

export const postgresUrl = z.string({ error: 'is required' }).refine(
  (v) => {
    try {
      const u = new URL(v)
      return u.protocol === 'postgres:' || u.protocol === 'postgresql:'
    } catch {
      return false
    }
  },
  { message: 'must be a postgres:// or postgresql:// URL' },
)

export const environmentName = z
  .enum(['development', 'test', 'staging', 'production'], {
    error: 'must be one of development, test, staging, production',
  })
  .default('development')

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  .default('info')
