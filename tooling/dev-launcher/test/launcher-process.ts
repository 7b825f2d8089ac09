import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const launcherEntry = fileURLToPath(new URL('../dist/main.js', import.meta.url))

export interface Launcher {
  child: ChildProcess
  output: string[]
  /** Resolves once a line matches, rejects if the launcher exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `node dist/main.js <args>` as a person would, with none of the DEV_* settings of this shell. */
export function startLauncher(args: string[], env: Record<string, string> = {}): Launcher {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DEV_')))
  const child = spawn(process.execPath, [launcherEntry, ...args], {
    env: { ...base, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const listeners = new Set<() => void>()
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n'))
    for (const l of listeners) l()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.some((l) => pattern.test(l))) done(resolve)
      }
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs}ms:\n${output.join('\n')}`))),
        timeoutMs,
      )
      const done = (fn: () => void) => {
        clearTimeout(timer)
        listeners.delete(check)
        fn()
      }
      listeners.add(check)
      void exited.then(({ code }) =>
        done(() => reject(new Error(`launcher exited (${code}):\n${output.join('\n')}`))),
      )
      check()
    })
  return { child, output, waitFor, exited }
}

/** Every live descendant of `pid` (Linux /proc), whatever process group or session it moved to. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // The command name is in parentheses and may hold spaces: the parent pid follows its last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)])
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const next = queue.shift() as number
    for (const child of parents.get(next) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

/** Processes whose command line mentions `text` (the test's own temp folder). */
export function processesMentioning(text: string): number[] {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return []
    try {
      return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text) ? [Number(entry)] : []
    } catch {
      return []
    }
  })
}

export function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  })
}
