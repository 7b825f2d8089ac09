import { type ChildProcess, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from './embedded-postgres.js'

export interface ServiceProcess {
  url: string
  port: number
  child: ChildProcess
  /** Everything the process printed so far (stdout and stderr, line by line). */
  output: string[]
  /** What it printed on stdout alone, as received (for commands whose stdout is a document). */
  stdout: string[]
  /** Sends `signal` and resolves with how the process ended (killed after `timeoutMs`). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ProcessExit>
}

export interface ProcessExit {
  code: number | null
  signal: NodeJS.Signals | null
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
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000)
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(
        `service exited with ${proc.child.exitCode ?? proc.child.signalCode} before ready:\n${proc.output.join('\n')}`,
      )
    }
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
    const exit = await exited(proc.child)
    return { ...exit, output: proc.output, stdout: proc.stdout.join('') }
  } finally {
    clearTimeout(timer)
  }
}

function spawnNode(cwd: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd,
    // A minimal environment: what the test gives, plus PATH. Nothing leaks in from the runner.
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const stdout: string[] = []
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean))
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout.push(chunk.toString())
    collect(chunk)
  })
  child.stderr?.on('data', collect)
  const done = exited(child)
  return {
    child,
    output,
    stdout,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<ProcessExit> {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      try {
        return await done
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

function exited(child: ChildProcess): Promise<ProcessExit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode as NodeJS.Signals | null })
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}
