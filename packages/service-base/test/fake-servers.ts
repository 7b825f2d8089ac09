import { createServer as createHttpServer } from 'node:http'
import { createServer, type Server, type Socket } from 'node:net'

/** What a DATABASE_URL may point at by mistake: anything but PostgreSQL. */
export type FakeServerKind = 'http' | 'silent' | 'closes-at-once'

export interface FakeServer {
  port: number
  /** How many connections it accepted: a client that spins shows here as thousands. */
  accepted(): number
  close(): Promise<void>
}

/**
 * A listener on 127.0.0.1 that is not PostgreSQL: an HTTP service, one that accepts and never
 * answers, or one that closes every connection at once with a clean FIN. Closing it also ends every
 * connection it holds, so no test leaves a socket behind.
 */
export async function startFakeServer(kind: FakeServerKind): Promise<FakeServer> {
  const sockets = new Set<Socket>()
  const server: Server =
    kind === 'http'
      ? createHttpServer((_req, res) => res.end('not a database\n'))
      : createServer((socket) => {
          if (kind === 'closes-at-once') socket.end()
          else socket.resume()
        })
  let accepted = 0
  server.on('connection', (socket: Socket) => {
    accepted++
    sockets.add(socket)
    socket.on('error', () => {})
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('fake server has no port')
  return {
    port: address.port,
    accepted: () => accepted,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
