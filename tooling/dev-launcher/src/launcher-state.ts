import { readFileSync } from 'node:fs'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { isAlive } from './child-process.js'
import { LauncherError } from './errors.js'

/** `<data dir>/dev-launcher.json`: which launcher runs, its database, and every process it started. */
export interface LauncherState {
  pid: number
  adminUrl: string
  kind: 'embedded' | 'external'
  processes: Array<{ name: string; pid: number }>
}

export const stateFile = (dataDir: string) => join(dataDir, 'dev-launcher.json')

/** Written whole, then renamed into place: a reader never sees half a file. */
export async function writeLauncherState(dataDir: string, state: LauncherState): Promise<void> {
  const temporary = `${stateFile(dataDir)}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`)
  await rename(temporary, stateFile(dataDir))
}

export async function removeLauncherState(dataDir: string): Promise<void> {
  await rm(stateFile(dataDir), { force: true })
}

/** The state of a launcher that is still running, else undefined. */
export async function readRunningLauncher(dataDir: string): Promise<LauncherState | undefined> {
  const state = await readFile(stateFile(dataDir), 'utf8').then(
    (text) => JSON.parse(text) as LauncherState,
    () => undefined,
  )
  return state && isAlive(state.pid) ? state : undefined
}

/**
 * A launcher that was killed outright (SIGKILL, a closed terminal) may leave processes behind (its
 * children normally end with it). Stops those left over, checking each one's command line first
 * (Linux) so a recycled process id is never signalled: SIGTERM (SIGINT, a fast shutdown, for
 * PostgreSQL), SIGKILL after `graceMs`, and only then says they stopped. Returns the ids it stopped;
 * throws DEV_LEFTOVER_ALIVE naming any that survived even SIGKILL.
 */
export async function stopLeftovers(dataDir: string, graceMs = 5_000): Promise<number[]> {
  const state = await readFile(stateFile(dataDir), 'utf8').then(
    (text) => JSON.parse(text) as LauncherState,
    () => undefined,
  )
  if (!state || isAlive(state.pid)) return []
  const targets = state.processes.filter(({ pid }) => isAlive(pid) && looksLikeOurs(pid))
  for (const { name, pid } of targets) signal(pid, name === 'postgres' ? 'SIGINT' : 'SIGTERM')
  const pids = targets.map((t) => t.pid)
  if (!(await allGone(pids, graceMs))) {
    for (const pid of pids.filter(isAlive)) signal(pid, 'SIGKILL')
    if (!(await allGone(pids, 2_000)))
      throw new LauncherError(
        'DEV_LEFTOVER_ALIVE',
        `Processes a killed launcher left behind survive SIGKILL: ${pids.filter(isAlive).join(', ')}. Check them with \`ps -p\`, then start again.`,
      )
  }
  await removeLauncherState(dataDir)
  return pids
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // gone in the meantime
  }
}

/** Polls until none of `pids` exists; false if some remain after `withinMs`. */
async function allGone(pids: number[], withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (pids.some(isAlive)) {
    if (Date.now() >= deadline) return false
    await sleep(50)
  }
  return true
}

function looksLikeOurs(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    return /dist\/(main|migrate|postgres-host)\.js|postgres/.test(cmdline)
  } catch {
    return false
  }
}
