import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { infrastructureDir } from './render.js'

const script = join(infrastructureDir, 'scripts/wait-for-jobs.sh')

// A stand-in kubectl: `get job NAME` prints the next line of $STATE/NAME (the Job's True condition
// types) and repeats the last one; a missing file is a NotFound. `logs` prints canned logs. Every
// call is recorded in $STATE/calls.
const fakeKubectl = `#!/bin/sh
echo "$*" >> "$STATE/calls"
while [ $# -gt 0 ]; do
  case "$1" in
    get) job=$3; break ;;
    logs) echo "fake migration log: relation already exists"; exit 0 ;;
    *) shift ;;
  esac
done
file="$STATE/$job"
if [ ! -f "$file" ]; then echo "Error from server (NotFound): jobs.batch \\"$job\\" not found" >&2; exit 1; fi
count=$(cat "$file.n" 2>/dev/null || echo 0); count=$((count + 1)); echo "$count" > "$file.n"
total=$(wc -l < "$file")
[ "$count" -gt "$total" ] && count=$total
sed -n "\${count}p" "$file" | tr -d '\\n'
`

let state: string
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'bakery-wait-jobs-'))
  mkdirSync(join(state, 'bin'))
  writeFileSync(join(state, 'bin/kubectl'), fakeKubectl)
  chmodSync(join(state, 'bin/kubectl'), 0o755)
})
afterEach(() => rmSync(state, { recursive: true, force: true }))

/** Sets the successive condition lists `kubectl get job` reports for a Job. */
function jobStates(job: string, ...states: string[]): void {
  writeFileSync(join(state, job), `${states.join('\n')}\n`)
}

function waitFor(args: string[], env: Record<string, string> = {}) {
  const started = Date.now()
  const result = spawnSync('sh', [script, '--interval', '0.05', ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: `${join(state, 'bin')}:${process.env.PATH}`, STATE: state, ...env },
  })
  return { ...result, seconds: (Date.now() - started) / 1000 }
}

describe('wait-for-jobs.sh', () => {
  it('exits 0 once every Job is Complete, polling those still running', () => {
    jobStates('external-migrate', 'SuccessCriteriaMet Complete')
    jobStates('orders-migrate', '', '', 'SuccessCriteriaMet Complete')
    const result = waitFor(['external-migrate', 'orders-migrate'])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('job/orders-migrate complete')
    expect(readFileSync(join(state, 'orders-migrate.n'), 'utf8').trim()).toBe('3')
  })

  it('exits 1 as soon as a Job has Failed, and prints its logs', () => {
    jobStates('external-migrate', '', '', '', '', '', '', '', '', '', 'SuccessCriteriaMet Complete')
    jobStates('orders-migrate', '', 'FailureTarget Failed')
    const result = waitFor(['external-migrate', 'orders-migrate'])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('job/orders-migrate failed')
    expect(result.stderr).toContain('fake migration log: relation already exists')
  })

  it('exits 2 when the Jobs are still running at the timeout', () => {
    jobStates('external-migrate', '')
    const result = waitFor(['--timeout', '1', 'external-migrate'])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('timed out after 1s waiting for: external-migrate')
    expect(result.seconds).toBeLessThan(5)
  })

  it('exits 1 when a Job does not exist', () => {
    const result = waitFor(['inventory-migrate'])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('cannot read job/inventory-migrate')
  })

  it('asks the cluster Skaffold deployed to, in the given namespace', () => {
    jobStates('external-migrate', 'Complete')
    const result = waitFor(['--namespace', 'bakery-test', 'external-migrate'], {
      SKAFFOLD_KUBE_CONTEXT: 'kind-bakery',
    })
    expect(result.status).toBe(0)
    expect(readFileSync(join(state, 'calls'), 'utf8')).toContain(
      '--context kind-bakery --namespace bakery-test get job external-migrate',
    )
  })

  it('refuses to run without Job names', () => {
    const result = waitFor([])
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('usage:')
  })
})
