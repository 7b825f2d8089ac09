import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The folder of a `node` the image's user can run: the pinned Node the tests run on. As root in a
 * private checkout (mode 0700 above it), uid 1000 cannot reach `.tools/`, so the binary (one
 * self-contained file) is copied once to a world-traversable cache, like the PostgreSQL binaries.
 */
export function nodeDirFor(user: { uid: number; gid: number } | undefined): string {
  const own = dirname(process.execPath)
  if (!user || runsAs(process.execPath, user)) return own
  const dir = join(process.env.BAKERY_NODE_CACHE ?? '/var/tmp', `bakery-node-${process.version}`, 'bin')
  const node = join(dir, 'node')
  if (!existsSync(node)) {
    mkdirSync(dir, { recursive: true, mode: 0o755 })
    chmodSync(dirname(dir), 0o755)
    chmodSync(dir, 0o755)
    // Written under another name, then renamed: a half-copied binary is never taken for one.
    const partial = `${node}.partial-${process.pid}`
    copyFileSync(process.execPath, partial)
    chmodSync(partial, 0o755)
    renameSync(partial, node)
  }
  if (!runsAs(node, user))
    throw new Error(`uid ${user.uid} cannot run ${node}: set BAKERY_NODE_CACHE to a folder it can reach`)
  return dir
}

function runsAs(file: string, user: { uid: number; gid: number }): boolean {
  try {
    execFileSync(file, ['--version'], { uid: user.uid, gid: user.gid, stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
