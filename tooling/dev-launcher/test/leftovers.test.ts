import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stopLeftovers, writeLauncherState } from '../src/launcher-state.js'
import { alive } from './launcher-process.js'

let tmp: string
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bakery-leftovers-'))
})
afterAll(() => rm(tmp, { recursive: true, force: true }))

describe('stopLeftovers', () => {
  it('says it stopped a process only once it is gone, using SIGKILL when SIGTERM is ignored', async () => {
    // A dead launcher, and a "service" it left behind that ignores SIGTERM (as one spinning on a
    // broken pipe did). Its command line names dist/main.js, as a real one's does.
    const launcher = execa(process.execPath, ['-e', ''])
    const launcherPid = launcher.pid as number
    await launcher
    const stubborn = execa(
      process.execPath,
      [
        '-e',
        "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)",
        'dist/main.js',
      ],
      { reject: false, buffer: false },
    )
    await new Promise((resolve) => stubborn.stdout?.once('data', resolve))
    const pid = stubborn.pid as number
    await writeLauncherState(tmp, {
      pid: launcherPid,
      adminUrl: 'postgres://127.0.0.1:1/postgres',
      kind: 'embedded',
      processes: [{ name: 'orders', pid }],
    })
    try {
      expect(await stopLeftovers(tmp, 300)).toEqual([pid])
      expect(alive([pid])).toEqual([])
      expect((await stubborn).signal).toBe('SIGKILL')
    } finally {
      stubborn.kill('SIGKILL')
    }
  })
})
