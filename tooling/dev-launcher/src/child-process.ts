import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { execa, type ResultPromise } from 'execa'

export type LineSink = (line: string, stream: 'stdout' | 'stderr') => void

export interface Child {
  name: string
  pid: number
  /** Resolves once the process has ended (never rejects). */
  exited: Promise<{ code: number | undefined; signal: string | undefined }>
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has ended. */
  stop(graceMs?: number): Promise<void>
}

/**
 * Spawns a child in its own process group (`detached`), so a terminal's Ctrl-C reaches only the
 * launcher, which then stops its children in order: services, then the database. Every line the
 * child prints goes to `onLine`. Its stdin stays open: a child may watch it to learn the launcher died.
 */
export function spawnChild(
  name: string,
  file: string,
  args: string[],
  options: {
    cwd: string
    env: Record<string, string | undefined>
    onLine: LineSink
    preferLocal?: boolean
    /** An IPC channel: a service ends itself when it closes, even if the launcher is SIGKILLed. */
    ipc?: boolean
  },
): Child {
  const subprocess: ResultPromise = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    preferLocal: options.preferLocal ?? false,
    localDir: options.cwd,
    detached: true,
    cleanup: false,
    reject: false,
    // Our own stop() decides when SIGKILL follows SIGTERM (execa would after 5 s).
    forceKillAfterDelay: false,
    buffer: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    ipc: options.ipc ?? false,
  })
  if (subprocess.pid === undefined) throw new Error(`could not start ${name}: ${file} ${args.join(' ')}`)
  for (const stream of ['stdout', 'stderr'] as const) {
    const input = subprocess[stream]
    if (input) createInterface({ input }).on('line', (line) => options.onLine(line, stream))
  }
  const exited = subprocess.then((r) => ({ code: r.exitCode, signal: r.signal }))
  return {
    name,
    pid: subprocess.pid,
    exited,
    async stop(graceMs = 10_000) {
      if (subprocess.exitCode === null && subprocess.signalCode === null) {
        subprocess.kill('SIGTERM')
        const timer = setTimeout(() => subprocess.kill('SIGKILL'), graceMs)
        await exited
        clearTimeout(timer)
      }
      await exited
    },
  }
}

/**
 * True while a process with this id runs (signal 0 checks without sending anything). A zombie
 * (ended, not yet reaped by a parent that is itself gone) counts as ended.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
  } catch {
    return true
  }
}
