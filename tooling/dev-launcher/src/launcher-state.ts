import { readFileSync } from 'node:fs'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isAlive } from './child-process.js'

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
 * A launcher that was killed outright (SIGKILL, a closed terminal) leaves its services running and
 * their ports taken. Stops those left over, checking each one's command line first (Linux) so a
 * recycled process id is never signalled. Returns the ids it stopped.
 */
export async function stopLeftovers(dataDir: string): Promise<number[]> {
  const state = await readFile(stateFile(dataDir), 'utf8').then(
    (text) => JSON.parse(text) as LauncherState,
    () => undefined,
  )
  if (!state || isAlive(state.pid)) return []
  const stopped: number[] = []
  for (const { pid } of state.processes) {
    if (!isAlive(pid) || !looksLikeOurs(pid)) continue
    try {
      process.kill(pid, 'SIGTERM')
      stopped.push(pid)
    } catch {
      // gone in the meantime
    }
  }
  await removeLauncherState(dataDir)
  return stopped
}

function looksLikeOurs(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    return /dist\/(main|migrate|postgres-host)\.js|postgres/.test(cmdline)
  } catch {
    return false
  }
}
