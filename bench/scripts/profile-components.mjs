// What bench/scripts/start-profile.mjs and request-profile.mjs share: reading a V8 CPU profile
// (`node --cpu-prof`) and adding up its samples by the package their code came from, through the
// bundles' source maps. Sample times and process.hrtime are both CLOCK_MONOTONIC (µs), so a window
// measured by the bench process selects the profile's samples.
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { SourceMap } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnEntry, waitForStatus200 } from '../dist/processes.js'

/** process.hrtime in the profile's unit (µs). */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n)

/**
 * Runs `entry` under the profiler until it is ready and `during(proc)` resolves to the window to
 * keep ({ fromUs, toUs }; by default spawn to ready), stops it, and returns the milliseconds of its
 * samples in that window per component. The profile goes to a new folder under `scratch`.
 */
export async function profiledRun({ entry, env, cwd, scratch, intervalUs, during = async () => ({}) }) {
  const dir = await mkdtemp(join(scratch, 'run-'))
  const NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=${intervalUs}`
  const proc = await spawnEntry(entry, { ...env, NODE_OPTIONS }, cwd)
  let window
  try {
    await waitForStatus200(proc, { pollMs: 2 })
    const readyUs = nowUs()
    window = { toUs: readyUs, ...(await during(proc)) }
  } finally {
    await proc.stop()
  }
  const [file] = await readdir(dir)
  if (!file) throw new Error(`${entry}: no profile written (did it exit cleanly?)`)
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8'))
  return selfTimes(profile, { ...window, intervalUs })
}

const maps = new Map()
function sourceMapOf(url) {
  if (!url.startsWith('file://')) return undefined
  if (!maps.has(url)) {
    const path = fileURLToPath(url)
    maps.set(
      url,
      readFile(`${path}.map`, 'utf8').then(
        (text) => new SourceMap(JSON.parse(text)),
        () => undefined,
      ),
    )
  }
  return maps.get(url)
}

/** The package (or our own folder, or Node's internal module group) a profile node's code belongs to. */
async function componentOf({ url, functionName, lineNumber, columnNumber }) {
  if (!url) return functionName.startsWith('(') ? functionName : `(V8/native) ${functionName}`
  if (url.startsWith('node:')) return `node:${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`
  const map = await sourceMapOf(url)
  const source = map?.findEntry(lineNumber, columnNumber)?.originalSource
  if (!source)
    return `(bundle, unmapped) ${url
      .split('/')
      .pop()
      .replace(/-[A-Z0-9]{8}\.js$/, '-*.js')}`
  // pnpm's store folder names the package (drizzle-orm's own source maps point outside its folder).
  const stored = /node_modules\/\.pnpm\/((?:@[^+/]+\+)?[^@/]+)@/.exec(source)
  if (stored) return stored[1].replace('+', '/')
  const hoisted = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)
  if (hoisted) return hoisted[1]
  const ours = /(packages|services|tooling|bench)\/([^/]+)\//.exec(source)
  if (ours) return `${ours[1]}/${ours[2]}`
  return /^(\.\.\/)+src\//.test(source) ? "the service's own src/" : source
}

/** Milliseconds of samples per component between `fromUs` and `toUs`. "(idle)" is waiting, not CPU. */
async function selfTimes(profile, { fromUs = 0, toUs = Number.POSITIVE_INFINITY, intervalUs }) {
  const componentOfNode = new Map()
  for (const node of profile.nodes) componentOfNode.set(node.id, await componentOf(node.callFrame))
  const totals = new Map()
  let t = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0
    if (t > toUs) break
    if (t < fromUs) continue
    const key = componentOfNode.get(profile.samples[i])
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? intervalUs) / 1000)
  }
  return totals
}

/**
 * Prints two sides' components as a table, largest first on side `a`, the rest summed; "(idle)" is
 * shown apart and left out of the totals.
 */
export function printComparison({ title, a, b, rows, unit, digits = 1 }) {
  const value = (m, k) => m.values.get(k) ?? 0
  const keys = [...new Set([...a.values.keys(), ...b.values.keys()])].filter((k) => k !== '(idle)')
  keys.sort((x, y) => value(a, y) - value(a, x))
  const fmt = (n) => n.toFixed(digits).padStart(9)
  const line = (label, x, y) => `${label.slice(0, 44).padEnd(44)} ${fmt(x)} ${fmt(y)} ${fmt(x - y)}\n`
  const sum = (m, ks) => ks.reduce((s, k) => s + value(m, k), 0)
  let out = `${title}\n${'component'.padEnd(44)} ${a.name.padStart(9)} ${b.name.padStart(9)} ${'difference'.padStart(9)}\n`
  for (const k of keys.slice(0, rows)) out += line(k, value(a, k), value(b, k))
  out += line('(the rest)', sum(a, keys.slice(rows)), sum(b, keys.slice(rows)))
  const total = (m) => sum(m, keys)
  out += `${line(`total sampled CPU (${unit})`, total(a), total(b)).trimEnd()}  (${(total(a) / total(b)).toFixed(2)}×)\n`
  out += line('waiting: (idle)', value(a, '(idle)'), value(b, '(idle)'))
  process.stdout.write(out)
}
