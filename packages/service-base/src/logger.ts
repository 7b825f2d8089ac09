import { type Logger, pino } from 'pino'
import pretty from 'pino-pretty'

export type { Logger } from 'pino'

/**
 * pino, structured JSON for machines; pretty only when a person watches a terminal. pino-pretty runs
 * as an in-process stream rather than a transport so bundled entry points need no worker files.
 */
export function createLogger(options: {
  name: string
  level: string
  pretty?: boolean
  /** Called once stdout breaks (EPIPE): pino then drops every line silently, so nobody would know. */
  onBrokenPipe?: () => void
}): Logger {
  const base = { name: options.name, level: options.level }
  const destination =
    (options.pretty ?? process.stdout.isTTY)
      ? pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ dest: process.stdout.fd ?? 1 })
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
