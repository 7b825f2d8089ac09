import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))

export interface LiveCli {
  /** Log lines printed on stderr so far, parsed. */
  logs: Array<Record<string, unknown>>
  /** Resolves with the first log line matching `predicate`; rejects if the process ends first or after `timeoutMs`. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>
  /** How the process ended, and its whole stdout. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>
  kill(): void
}

/**
 * Starts the migrate CLI fixture and lets a test watch its log while it runs: the order of events is
 * proven by what the process says, never by sleeping. Killed after `limitMs` at the latest.
 */
export function startMigrateCli(
  folder: string,
  args: string[],
  env: Record<string, string>,
  limitMs = 60_000,
): LiveCli {
  const child = spawn(process.execPath, ['fixtures/migrate-cli.mjs', folder, ...args], {
    cwd: here,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs)
  const logs: Array<Record<string, unknown>> = []
  const watchers = new Set<(line: Record<string, unknown>) => void>()
  let pending = ''
  child.stderr.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n')
    pending = lines.pop() ?? ''
    for (const text of lines.filter(Boolean)) {
      const line = JSON.parse(text) as Record<string, unknown>
      logs.push(line)
      for (const watch of watchers) watch(line)
    }
  })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>(
    (resolve) =>
      child.once('close', (code, signal) => {
        clearTimeout(limit)
        resolve({ code, signal, stdout })
      }),
  )
  return {
    logs,
    exited,
    kill: () => child.kill('SIGKILL'),
    waitForLog(predicate, timeoutMs = 30_000) {
      const seen = logs.find(predicate)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no such log line within ${timeoutMs}ms`)), timeoutMs)
        const watch = (line: Record<string, unknown>) => predicate(line) && done(undefined, line)
        const done = (err?: Error, line?: Record<string, unknown>) => {
          clearTimeout(timer)
          watchers.delete(watch)
          if (line) resolve(line)
          else reject(err ?? new Error(`the process ended before such a log line:\n${JSON.stringify(logs)}`))
        }
        watchers.add(watch)
        void exited.then(() => done())
      })
    },
  }
}
