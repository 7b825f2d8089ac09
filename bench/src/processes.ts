import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { execa, type ResultPromise } from 'execa'

/** A Node process the bench started, listening on 127.0.0.1. */
export interface BenchProcess {
  child: ResultPromise
  url: string
  /** performance.now() just before spawn. */
  spawnedAt: number
  /** Date.now() just before spawn, to place the process's own log timestamps. */
  spawnedAtEpochMs: number
  /** stdout and stderr lines so far. */
  output: string[]
  stop(): Promise<void>
}

const live = new Set<ResultPromise>()
// Whatever happens to the bench, no process it started outlives it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL')
})

/*
 * Ports come from below the kernel's ephemeral range (32768-60999 on Linux): a port picked from that
 * range by listening on port 0 can be taken by any outgoing connection (twenty replicas opening
 * database connections) between the pick and the child's listen(), which fails it with EADDRINUSE.
 */
const handedOut = new Set<number>()

async function pickPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (handedOut.has(port) || !(await canListen(port))) continue
    handedOut.add(port)
    return port
  }
  throw new Error('no free port between 20000 and 32000 on 127.0.0.1')
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}

/** Spawns `node <entry>` with exactly `env` (plus PATH, PORT, HOST); never waits. */
export async function spawnEntry(
  entry: string,
  env: Record<string, string>,
  cwd?: string,
): Promise<BenchProcess> {
  const port = await pickPort()
  const spawnedAtEpochMs = Date.now()
  const spawnedAt = performance.now()
  const child = execa(process.execPath, [entry], {
    ...(cwd ? { cwd } : {}),
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // Our own stop() decides when SIGKILL follows SIGTERM (execa would after 5 s).
    forceKillAfterDelay: false,
  })
  live.add(child)
  const output: string[] = []
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean))
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = child.then(() => undefined)
  void exited.then(() => live.delete(child))
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    spawnedAt,
    spawnedAtEpochMs,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** GET `url`: the status code, or 0 when nothing answers. */
export function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.once('timeout', () => req.destroy())
    req.once('error', () => resolve(0))
    req.end()
  })
}

/** GET `url` and return the body text (the bench's own processes only). */
export async function httpText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
  return response.text()
}

/**
 * Polls `path` every `pollMs` until it answers 200; resolves with the ms since spawn. Rejects with the
 * process output if it exits or `timeoutMs` passes first.
 */
export async function waitForStatus200(
  proc: BenchProcess,
  options: { path?: string; pollMs: number; timeoutMs?: number },
): Promise<number> {
  const deadline = performance.now() + (options.timeoutMs ?? 30_000)
  const target = `${proc.url}${options.path ?? '/health/ready'}`
  while (performance.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(
        `process exited (${proc.child.exitCode ?? proc.child.signalCode}) before ready:\n${tail(proc)}`,
      )
    }
    if ((await httpStatus(target)) === 200) return performance.now() - proc.spawnedAt
    await sleep(options.pollMs)
  }
  throw new Error(`no 200 from ${target} within ${options.timeoutMs ?? 30_000} ms:\n${tail(proc)}`)
}

/** Resident set size of a live process, from /proc/<pid>/status (Linux). */
export async function readRssMiB(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(kb) / 1024
}

/** Pino lines at error (50) or fatal (60): a process that logged one did not start cleanly. */
export const errorLines = (proc: BenchProcess): string[] =>
  proc.output.filter((line) => /"level":(50|60)\b/.test(line))

/** ms from spawn to the first pino line whose msg starts with each of `messages` (-1 if absent). */
export function logTimeline(proc: BenchProcess, messages: string[]): number[] {
  const lines = proc.output.flatMap((line) => {
    try {
      return [JSON.parse(line) as { time?: number; msg?: string }]
    } catch {
      return []
    }
  })
  return messages.map((m) => {
    const hit = lines.find((l) => l.msg?.startsWith(m))
    return hit?.time === undefined ? -1 : hit.time - proc.spawnedAtEpochMs
  })
}

const tail = (proc: BenchProcess) => proc.output.slice(-20).join('\n')
