import type { Socket } from 'node:net'
import postgres, { type Options, type Sql } from 'postgres'
import type { DatabaseConfig } from '../config/database-config.js'
import { parsePostgresUrl } from './postgres-url.js'
import { type DriverSocketOptions, openGuardedSocket } from './startup-guard.js'

/** Seconds one connection attempt may take (TCP connect and startup) when the URL sets no connect_timeout. */
export function attemptTimeoutSeconds(config: DatabaseConfig): number {
  return Math.max(1, Math.min(10, Math.ceil(config.connectTimeoutMs / 1000) || 1))
}

/**
 * A postgres.js client with the platform's defaults. `fetch_types` is off: it costs a round trip on
 * every new connection and our schemas use no custom array types.
 *
 * The URL is parsed here, libpq's way, because postgres.js cannot read its Unix-socket forms
 * (`postgres://user@/db?host=/run/postgresql`); host, port, user, password and database go to it as
 * options, every other parameter (sslmode, application_name, ...) in a URL it reads as usual.
 */
export function createSql(
  config: DatabaseConfig,
  options: { applicationName: string; max?: number } & Partial<Options<Record<string, never>>>,
): Sql {
  const { applicationName, max, ...rest } = options
  const target = parsePostgresUrl(config.url)
  const multiHost = target.host?.includes(',') ?? false
  const query = target.params.toString()
  const sockets = new Set<Socket>()
  const sql = postgres(`postgres://localhost/${query ? `?${query}` : ''}`, {
    ...(target.host !== undefined && { host: target.host }),
    ...(target.port !== undefined && { port: target.port }),
    ...(target.user !== undefined && { user: target.user }),
    ...(target.password !== undefined && { pass: target.password }),
    ...(target.database !== undefined && { database: target.database }),
    max: max ?? config.poolMax,
    idle_timeout: config.idleTimeoutSeconds || undefined,
    ...(!target.params.has('connect_timeout') && { connect_timeout: attemptTimeoutSeconds(config) }),
    // Retries are paced by withConnectRetry (jittered, bounded by DB_CONNECT_TIMEOUT). postgres.js's
    // own backoff (3^n/100 s, up to 20 s) would hold an attempt's reconnect past that deadline.
    backoff: 0,
    fetch_types: false,
    onnotice: () => {},
    connection: { application_name: applicationName },
    // postgres.js cycles through a host list itself, which a socket of ours would bypass.
    ...(!multiHost && { socket: (o: DriverSocketOptions) => track(sockets, openGuardedSocket(o)) }),
    ...rest,
  } as Options<Record<string, never>>)
  // postgres.js's end() cannot stop a connection still being opened (it cancels the startup write and
  // leaves the socket to connect_timeout), so an attempt abandoned at the deadline would hold the
  // process for seconds. Once the driver is done, any socket left is one it has let go of.
  const end = sql.end.bind(sql)
  sql.end = async (options) => {
    await end(options)
    for (const socket of sockets) socket.destroy()
  }
  return sql
}

function track(sockets: Set<Socket>, socket: Socket): Socket {
  sockets.add(socket)
  socket.once('close', () => sockets.delete(socket))
  return socket
}
