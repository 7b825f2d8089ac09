import pc from 'picocolors'
import { prettyFactory } from 'pino-pretty'

export type LineWriter = (source: string, line: string) => void

/**
 * Interleaves every child's output, each line prefixed with its source (`[orders] ...`). The
 * children write JSON (their stdout is a pipe, not a TTY); on a terminal the launcher pretty-prints
 * those lines the way the services do themselves on a TTY, elsewhere it passes them through.
 */
export function createLineWriter(options: {
  pretty: boolean
  sources: readonly string[]
  write?: (text: string) => void
}): LineWriter {
  const write = options.write ?? ((text: string) => process.stdout.write(text))
  const width = Math.max(...options.sources.map((s) => s.length))
  const prettify = options.pretty
    ? prettyFactory({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' })
    : undefined
  // Our own decision, not picocolors' guess: children's output reaches us through pipes.
  const c = pc.createColors(options.pretty)
  const palette = [c.cyan, c.magenta, c.yellow, c.green, c.blue]
  return (source, line) => {
    const color = palette[options.sources.indexOf(source) % palette.length] ?? c.gray
    const prefix = color(`[${source}]`.padEnd(width + 2))
    for (const text of formatLine(line, prettify)) write(`${prefix} ${text}\n`)
  }
}

/** Pure: a child's line as the lines to print (a pretty-printed error can span several). */
export function formatLine(line: string, prettify?: (input: object) => string): string[] {
  if (!prettify || !line.startsWith('{')) return [line]
  try {
    const record: unknown = JSON.parse(line)
    if (typeof record !== 'object' || record === null || !('level' in record)) return [line]
    return prettify(record).trimEnd().split('\n')
  } catch {
    return [line]
  }
}
