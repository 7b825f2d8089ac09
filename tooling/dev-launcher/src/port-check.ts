import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { LauncherError } from './errors.js'

/**
 * Why `port` cannot be bound, or undefined when it is free. Both addresses are tried: the services
 * listen on 127.0.0.1 under the launcher but on 0.0.0.0 in their image, and another checkout's
 * services (or any tool) may hold either.
 */
export async function probePort(port: number): Promise<string | undefined> {
  for (const host of ['127.0.0.1', '0.0.0.0']) {
    const failure = await new Promise<string | undefined>((resolve) => {
      const server = createServer()
      server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)))
    })
    if (failure) return failure
  }
  return undefined
}

/** Fails before anything starts when a port is taken, naming each, who holds it, and what to do. */
export async function checkPortsFree(ports: ReadonlyArray<{ what: string; port: number; flag: string }>) {
  const held: string[] = []
  for (const { what, port, flag } of ports) {
    const failure = await probePort(port)
    if (!failure) continue
    const holder = describePortHolder(port)
    held.push(
      `port ${port} (${what}) is ${failure === 'EADDRINUSE' ? 'in use' : `unusable: ${failure}`}${holder ? ` by ${holder}` : ''}: stop it, or pass ${flag}`,
    )
  }
  if (held.length > 0)
    throw new LauncherError(
      'DEV_PORT_IN_USE',
      `${held.join('\n')}\nAnother \`pnpm dev\` (another checkout?) or another tool holds these ports. --port-base 4000 moves every service to 4001-4003.`,
    )
}

/** Linux: the process listening on `port` ("pid 123: node dist/main.js"), when this user may see it. */
export function describePortHolder(port: number): string | undefined {
  const inodes = listeningInodes(port)
  if (inodes.size === 0) return undefined
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    for (const fd of safeReaddir(`/proc/${entry}/fd`)) {
      let link: string
      try {
        link = readlinkSync(`/proc/${entry}/fd/${fd}`)
      } catch {
        continue
      }
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1]
      if (inode && inodes.has(inode)) return `pid ${entry}${commandOf(Number(entry))}`
    }
  }
  return undefined
}

/** Pure: the inodes of sockets listening on `port` in a /proc/net/tcp{,6} table. */
export function parseListeningInodes(table: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  return table
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const cols = line.trim().split(/\s+/)
      const local = cols[1] ?? ''
      // State 0A is LISTEN; the inode is the tenth column.
      return local.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9] ? [cols[9]] : []
    })
}

function listeningInodes(port: number): Set<string> {
  const found = new Set<string>()
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const inode of parseListeningInodes(readFileSync(file, 'utf8'), port)) found.add(inode)
    } catch {
      // not Linux, or no IPv6
    }
  }
  return found
}

function commandOf(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ')
    return cmd ? `: ${cmd.length > 120 ? `${cmd.slice(0, 117)}...` : cmd}` : ''
  } catch {
    return ''
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
