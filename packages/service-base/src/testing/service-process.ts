import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa, type ResultPromise } from 'execa'
import { freePort } from './embedded-postgres.js'

export interface ProcessExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface NodeProcess {
  /** The execa subprocess (its `pid`, its `stdout` to break, `kill`). */
  child: ResultPromise
  /** Everything the process printed so far (stdout and stderr, line by line). */
  output: string[]
  /** What it printed on stdout alone, as received (for commands whose stdout is a document). */
  stdout: string[]
  /** Resolves once the process has ended (never rejects). */
  exited: Promise<ProcessExit>
  /** Sends `signal` and resolves with how the process ended (killed after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ProcessExit>
}

export interface ServiceProcess extends NodeProcess {
  url: string
  port: number
}

/**
 * Spawns a built service entry (`node dist/main.js`) on a free port of 127.0.0.1 and waits until
 * `/health/ready` answers 200. Rejects with the process output if it exits or times out first.
 */
export async function startServiceProcess(options: {
  cwd: string
  env: Record<string, string>
  entry?: string
  readyTimeoutMs?: number
}): Promise<ServiceProcess> {
  const port = await freePort()
  const proc = spawnNode(options.cwd, [options.entry ?? 'dist/main.js'], {
    ...options.env,
    PORT: String(port),
    HOST: '127.0.0.1',
  })
  let ended: ProcessExit | undefined
  void proc.exited.then((exit) => {
    ended = exit
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000)
  while (Date.now() < deadline) {
    if (ended)
      throw new Error(
        `service exited with ${ended.code ?? ended.signal} before ready:\n${proc.output.join('\n')}`,
      )
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { url, port, ...proc }
    await sleep(50)
  }
  await proc.stop('SIGKILL')
  throw new Error(
    `service not ready within ${options.readyTimeoutMs ?? 30_000}ms:\n${proc.output.join('\n')}`,
  )
}

/** Runs `node <args>` to completion (bounded by `timeoutMs`) and returns its exit and output. */
export async function runNode(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ProcessExit & { output: string[]; stdout: string }> {
  const proc = spawnNode(cwd, args, env)
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs)
  try {
    const exit = await proc.exited
    return { ...exit, output: proc.output, stdout: proc.stdout.join('') }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * `node <args>` with a minimal environment (what the test gives, plus PATH: nothing leaks in from
 * the runner), its output collected line by line. `ipc` opens the channel the dev launcher opens.
 */
export function spawnNode(
  cwd: string,
  args: string[],
  env: Record<string, string>,
  options: { ipc?: boolean } = {},
): NodeProcess {
  const child = execa(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Our own stop() decides when SIGKILL follows SIGTERM (execa would after 5 s).
    forceKillAfterDelay: false,
    cleanup: true,
    ipc: options.ipc ?? false,
  })
  const output: string[] = []
  const stdout: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk.toString()))
  for (const stream of [child.stdout, child.stderr]) {
    // A test may break the pipe on purpose (destroy()): that is not an error of the helper.
    stream?.on('error', () => {})
    if (stream) createInterface({ input: stream }).on('line', (line) => line && output.push(line))
  }
  const exited: Promise<ProcessExit> = child.then((r) => ({
    code: r.exitCode ?? null,
    signal: (r.signal as NodeJS.Signals | undefined) ?? null,
  }))
  return {
    child,
    output,
    stdout,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<ProcessExit> {
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
