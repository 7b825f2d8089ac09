import { Socket } from 'node:net'

/** What postgres.js passes to its `socket` option: its parsed connection options. */
export interface DriverSocketOptions {
  host: string[]
  port: number[]
  path: string | false
  ssl: unknown
  sslnegotiation?: string | null
}

const R = 0x52 // Authentication request: PostgreSQL's first answer to a startup message
const E = 0x45 // ErrorResponse
const V = 0x76 // NegotiateProtocolVersion
const S = 0x53 // "go ahead with TLS", the answer to SSLRequest
const N = 0x4e // "no TLS here"
const Z = 0x5a // ReadyForQuery: the startup is over
/** A CancelRequest is exactly 16 bytes, and the server closes it without a word. */
const CANCEL_REQUEST_BYTES = 16

/**
 * Opens the socket postgres.js would open, and watches the startup on it. postgres.js 3.4.9 answers a
 * clean close during the startup by reconnecting at once, forever, with the query never settled
 * (porsager/postgres#1193): pointed at an HTTP service or a proxy that drops connections, a process
 * hangs and spins. Here such a socket ends with an error instead, which settles the query, and the
 * caller's retry loop decides, with backoff and a deadline. Plain-text startups are followed up to
 * ReadyForQuery; after TLS starts the bytes are opaque, and TLS itself fails on a peer that leaves.
 */
export function openGuardedSocket(options: DriverSocketOptions): Socket {
  const socket = new Socket()
  const host = options.host[0] ?? 'localhost'
  const port = options.port[0] ?? 5432
  const where = options.path || `${host}:${port}`
  watchStartup(socket, where, options)
  // Writes made before the connection is up are queued by net.Socket, so the driver can start at once.
  if (options.path) socket.connect(options.path)
  else socket.connect(port, host)
  // postgres.js reads these for TLS SNI and its messages, as on the sockets it opens itself.
  Object.assign(socket, { host, port })
  return socket
}

type Phase = 'first-byte' | 'messages' | 'done' | 'not-postgres'

function watchStartup(socket: Socket, where: string, options: DriverSocketOptions): void {
  const tls = Boolean(options.ssl) && options.ssl !== 'disable'
  let phase: Phase = options.sslnegotiation === 'direct' ? 'done' : 'first-byte'
  let received = 0
  let notPostgres: Error | undefined
  const frames = frameScanner(() => {
    phase = 'done'
    // Nothing left to watch: the connection's every later chunk need not pass through here.
    socket.off('data', onData)
  })
  // The driver attaches its own listener once we return; this one keeps an early error from being unhandled.
  socket.on('error', () => {})
  const onData = (chunk: Buffer) => {
    received += chunk.length
    if (phase === 'first-byte') {
      const first = chunk[0]
      if (tls && first === S) phase = 'done'
      else if (tls && first === N) {
        phase = 'messages'
        chunk = chunk.subarray(1)
      } else if (first === R || first === E || first === V) phase = 'messages'
      else {
        notPostgres = notPostgresError(where, chunk)
        phase = 'not-postgres'
        // While TLS is negotiated the driver is awaiting this very chunk; destroying the socket under
        // it would crash it, so that case ends on the peer's close (or the driver's TLS error).
        if (!tls) socket.destroy(notPostgres)
        return
      }
    }
    if (phase === 'messages') frames(chunk)
  }
  socket.on('data', onData)
  socket.on('end', () => {
    if (phase === 'done' || socket.bytesWritten === CANCEL_REQUEST_BYTES) return
    socket.destroy(notPostgres ?? closedError(where, received))
  })
}

/** Calls `onReady` at the first ReadyForQuery in a stream of `type, int32 length, body` messages. */
function frameScanner(onReady: () => void): (chunk: Buffer) => void {
  let header = Buffer.alloc(0)
  let skip = 0
  return (chunk) => {
    let i = 0
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i)
        skip -= n
        i += n
        continue
      }
      const take = Math.min(5 - header.length, chunk.length - i)
      header = Buffer.concat([header, chunk.subarray(i, i + take)])
      i += take
      if (header.length < 5) return
      if (header[0] === Z) return onReady()
      skip = header.readUInt32BE(1) - 4
      header = Buffer.alloc(0)
    }
  }
}

function notPostgresError(where: string, chunk: Buffer): Error {
  const start = chunk
    .subarray(0, 40)
    .toString('latin1')
    .split(/\r?\n/)[0]
    ?.replace(/[^\x20-\x7e]/g, '?')
  const looksHttp = /^HTTP\/\d/.test(start ?? '')
  return Object.assign(
    new Error(
      `the server at ${where} answered but does not speak PostgreSQL (${looksHttp ? 'it is an HTTP server' : 'unexpected bytes'}: "${start}"): DATABASE_URL points at the wrong port or service`,
    ),
    { code: 'SVC_DB_NOT_POSTGRES' },
  )
}

function closedError(where: string, received: number): Error {
  return Object.assign(
    new Error(
      received === 0
        ? `the server at ${where} closed the connection before answering (not PostgreSQL, or a proxy whose database is down)`
        : `the server at ${where} closed the connection before the startup finished`,
    ),
    { code: 'SVC_DB_CLOSED_IN_STARTUP' },
  )
}
