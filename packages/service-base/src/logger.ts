import { createRequire } from 'node:module'
import { type Logger, pino } from 'pino'
import type PinoPretty from 'pino-pretty'

export type { Logger } from 'pino'

/**
 * pino-pretty, loaded only when a person watches a terminal: production never pays for its
 * evaluation. A plain `require` call is what esbuild bundles as a lazily evaluated module; where
 * `require` does not exist (this package's own ESM, under vitest) Node resolves it from here.
 */
function loadPretty(): typeof PinoPretty {
  if (typeof require === 'function') return require('pino-pretty') as typeof PinoPretty
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty
}

/**
 * pino, structured JSON for machines; pretty only when a person watches a terminal. pino-pretty runs
 * as an in-process stream rather than a transport so bundled entry points need no worker files.
 */
export function createLogger(options: { name: string; level: string; pretty?: boolean }): Logger {
  const base = { name: options.name, level: options.level }
  if (options.pretty ?? process.stdout.isTTY) {
    const pretty = loadPretty()
    return pino(base, pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' }))
  }
  return pino(base)
}
