import { readdirSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { freePort } from '@bakery/service-base/testing'
import { execa, type ResultPromise } from 'execa'

export const launcherEntry = fileURLToPath(new URL('../dist/main.js', import.meta.url))

export interface Launcher {
  child: ResultPromise
  output: string[]
  /** Resolves once a line matches, rejects if the launcher exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `node dist/main.js <args>` as a person would, with none of the DEV_* settings of this shell. */
export function startLauncher(args: string[], env: Record<string, string> = {}): Launcher {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DEV_')))
  const child = execa(process.execPath, [launcherEntry, ...args], {
    env: { ...base, LOG_LEVEL: 'info', ...env },
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Our own stop() decides when SIGKILL follows SIGTERM (execa would after 5 s).
    forceKillAfterDelay: false,
  })
  const output: string[] = []
  const listeners = new Set<() => void>()
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line)
      for (const l of listeners) l()
    })
  }
  const exited = child.then((r) => ({
    code: r.exitCode ?? null,
    signal: (r.signal as NodeJS.Signals | undefined) ?? null,
  }))
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

/** The pids still running (a zombie, ended but not reaped, counts as gone). */
export function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    } catch {
      return false
    }
  })
}

/** Polls until none of `pids` runs; the ms it took, or undefined if some remain after `withinMs`. */
export async function untilGone(pids: number[], withinMs: number): Promise<number | undefined> {
  const started = performance.now()
  while (alive(pids).length > 0) {
    if (performance.now() - started > withinMs) return undefined
    await new Promise((r) => setTimeout(r, 20))
  }
  return Math.round(performance.now() - started)
}

/** Free ports on 127.0.0.1 for PostgreSQL and every service, and the flags that pass them. */
export async function portArgs() {
  const [pg, external, orders, inventory] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ])
  const ports = { external, orders, inventory } as Record<'external' | 'orders' | 'inventory', number>
  const args = [
    '--pg-port',
    String(pg),
    ...Object.entries(ports).flatMap(([s, p]) => ['--port', `${s}=${p}`]),
  ]
  return { pg: pg as number, ports, args }
}
