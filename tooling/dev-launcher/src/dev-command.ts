import type { LauncherOptions } from './cli-args.js'
import { DevSession } from './dev-session.js'
import { LauncherError } from './errors.js'
import { readRunningLauncher, removeLauncherState, stopLeftovers } from './launcher-state.js'
import type { LineWriter } from './log-lines.js'
import { checkBuilt } from './platform.js'
import { checkPortsFree } from './port-check.js'
import { SERVICES } from './repo-layout.js'
import { formatStatusTable } from './status-table.js'

/** `pnpm dev`: launches everything, prints the table, watches, and stops cleanly on Ctrl-C (exit 0). */
export async function runDev(options: LauncherOptions, log: LineWriter, color: boolean): Promise<number> {
  checkBuilt()
  const other = await readRunningLauncher(options.dataDir)
  if (other)
    throw new LauncherError(
      'DEV_ALREADY_RUNNING',
      `Another launcher (pid ${other.pid}) runs on ${options.dataDir}: stop it first, or pass another --data-dir.`,
    )
  const leftovers = await stopLeftovers(options.dataDir)
  if (leftovers.length > 0)
    log('dev', `stopped processes a killed launcher left behind (checked gone): ${leftovers.join(', ')}`)
  // Before anything starts: a taken port would otherwise be answered by whoever holds it.
  await checkPortsFree([
    ...SERVICES.map((s) => ({
      what: s.name,
      port: options.ports[s.name] as number,
      flag: `--port-base <n> or --port ${s.name}=<n>`,
    })),
    ...(options.adminUrl ? [] : [{ what: 'PostgreSQL', port: options.postgresPort, flag: '--pg-port <n>' }]),
  ])

  const started = performance.now()
  const session = new DevSession(options, log)
  const signal = untilSignal(() => {
    log('dev', 'second signal: killing everything now')
    void session.kill().finally(() => process.exit(130))
  })
  try {
    const launched = session.launch()
    const first = await Promise.race([launched, signal.promise])
    if (first === 'signal') {
      launched.catch(() => {})
      return 0
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `\n${formatStatusTable(first, color)}\nready in ${seconds}s: Ctrl-C stops everything\n\n`,
    )
    if (options.watch) session.watch()
    await signal.promise
    return 0
  } finally {
    log('dev', 'stopping services, then PostgreSQL')
    await session.shutdown()
    await removeLauncherState(options.dataDir)
    signal.dispose()
    log('dev', 'stopped')
  }
}

/**
 * Resolves on the first SIGINT/SIGTERM/SIGHUP; `onSecond` runs on a later one. Under `pnpm dev` one
 * Ctrl-C arrives twice (from the terminal, and forwarded by pnpm), so repeats within a second count once.
 */
function untilSignal(onSecond: () => void) {
  let first: number | undefined
  let resolve: (value: 'signal') => void = () => {}
  const promise = new Promise<'signal'>((r) => {
    resolve = r
  })
  const handler = () => {
    if (first === undefined) {
      first = Date.now()
      resolve('signal')
    } else if (Date.now() - first > 1_000) onSecond()
  }
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  for (const s of signals) process.on(s, handler)
  return {
    promise,
    dispose: () => {
      for (const s of signals) process.off(s, handler)
    },
  }
}
