import { type Logger, pino } from 'pino'
import pretty from 'pino-pretty'

export type { Logger } from 'pino'

/**
 * pino, structured JSON for machines; pretty only when a person watches a terminal. pino-pretty runs
 * as an in-process stream rather than a transport so bundled entry points need no worker files.
 */
export function createLogger(options: { name: string; level: string; pretty?: boolean }): Logger {
  const base = { name: options.name, level: options.level }
  if (options.pretty ?? process.stdout.isTTY) {
    return pino(base, pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' }))
  }
  return pino(base)
}
