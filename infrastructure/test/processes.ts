import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa, type ResultPromise } from 'execa'
import { nodeDirFor } from './runtime-node.js'

/** How a process ended. */
export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface Started {
  child: ResultPromise
  /** stdout and stderr, line by line, as they arrive. */
  output: string[]
  exited: Promise<Exit>
  /** Sends `signal`, then SIGKILL after `timeoutMs`; resolves with the exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>
}

export interface ProcessSpec {
  /** argv as a container would run it; `node` is this test's Node binary (a copy of it another user can reach). */
  argv: string[]
  cwd: string
  /** The whole environment (nothing is inherited but what the caller passes). */
  env: Record<string, string>
  /** Run as this uid/gid (only when the test runs as root). */
  user?: { uid: number; gid: number }
}

/** The argv without a leading init process (`tini --`): locally, the test runner plays that role. */
export function withoutInit(argv: string[]): string[] {
  const init = argv[0]?.split('/').pop()
  if ((init === 'tini' || init === 'docker-init') && argv[1] === '--') return argv.slice(2)
  return argv
}

export function startProcess(spec: ProcessSpec): Started {
  const [command, ...args] = withoutInit(spec.argv)
  if (command !== 'node') throw new Error(`only node entries run locally, not ${spec.argv.join(' ')}`)
  // Another user (the image's uid 1000) may not reach this Node in a private checkout: see runtime-node.ts.
  const node = spec.user ? join(nodeDirFor(spec.user), 'node') : process.execPath
  const child = execa(node, args, {
    cwd: spec.cwd,
    env: spec.env,
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Our own stop() decides when SIGKILL follows SIGTERM (execa would after 5 s).
    forceKillAfterDelay: false,
    ...(spec.user ? { uid: spec.user.uid, gid: spec.user.gid } : {}),
  })
  const output: string[] = []
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean))
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited: Promise<Exit> = child.then((r) => {
    // A spawn failure (ENOENT, EACCES) is not an exit of the program: say so in the output.
    if (r.failed && r.exitCode === undefined && !r.signal) {
      output.push(r.message ?? 'could not start the process')
      return { code: -1, signal: null }
    }
    return { code: r.exitCode ?? null, signal: (r.signal as NodeJS.Signals | undefined) ?? null }
  })
  return {
    child,
    output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

/** Runs to completion; SIGKILL after `timeoutMs`. */
export async function runToExit(spec: ProcessSpec, timeoutMs = 30_000): Promise<Exit & { output: string[] }> {
  const started = startProcess(spec)
  const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs)
  try {
    return { ...(await started.exited), output: started.output }
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves once `url` answers 200; rejects with the process output if it exits or `timeoutMs` passes. */
export async function waitForHttpOk(url: string, started: Started, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let exit: Exit | undefined
  void started.exited.then((e) => {
    exit = e
  })
  while (Date.now() < deadline) {
    if (exit)
      throw new Error(`exited with ${exit.code ?? exit.signal} before ${url} answered 200:\n${tail(started)}`)
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await sleep(100)
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${tail(started)}`)
}

/** The last lines a process printed, for failure messages. */
export function tail(started: { output: string[] }, lines = 20): string {
  return started.output.slice(-lines).join('\n')
}
