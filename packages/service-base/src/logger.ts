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
 * `fd: 2` sends the log to stderr, for commands whose stdout is their result (`migrate.js status --json`).
 */
export function createLogger(options: {
  name: string
  level: string
  pretty?: boolean
  fd?: 1 | 2
  /** Called once the log's stream breaks (EPIPE): pino then drops every line silently, so nobody would know. */
  onBrokenPipe?: () => void
}): Logger {
  const base = { name: options.name, level: options.level }
  const fd = options.fd ?? 1
  const destination =
    (options.pretty ?? (fd === 2 ? process.stderr : process.stdout).isTTY)
      ? loadPretty()({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', destination: fd })
      : // A short-lived command logging to stderr writes synchronously, so nothing is lost when it ends.
        pino.destination(fd === 1 ? { dest: process.stdout.fd ?? 1 } : { dest: 2, sync: true })
  const { onBrokenPipe } = options
  if (onBrokenPipe) {
    let told = false
    destination.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' && !told) {
        told = true
        onBrokenPipe()
      }
    })
  }
  return pino(base, destination)
}
