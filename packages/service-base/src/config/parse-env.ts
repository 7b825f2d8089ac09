import type * as z from 'zod/mini'
import { ConfigInvalidError } from '../errors.js'

/**
 * Parses `env` against `schema` and reports every problem at once. Messages name the variable and
 * what is expected, never the value (it may be a secret).
 */
export function parseEnv<S extends z.ZodMiniType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(env)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`)
  throw new ConfigInvalidError(
    `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.join('; ')}. Set these environment variables and start again.`,
    { problems },
  )
}
