import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Handler = (url: URL, req: IncomingMessage, res: ServerResponse) => void

/**
 * A local stand-in for api.open-meteo.com: node:http on 127.0.0.1, a free port, and a handler each
 * test swaps in. Records every request URL so tests can check what the adapter asked for.
 */
export async function startFakeOpenMeteo() {
  let handler: Handler = (_url, _req, res) => res.writeHead(500).end()
  const requests: URL[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(url)
    handler(url, req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next: Handler) {
      handler = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Open-Meteo's daily answer for `dates`: parallel arrays, as `/v1/forecast` sends them. */
export function openMeteoDaily(url: URL, dates: string[], overrides: Record<string, unknown[]> = {}) {
  return {
    latitude: Number(url.searchParams.get('latitude')),
    longitude: Number(url.searchParams.get('longitude')),
    generationtime_ms: 0.1,
    utc_offset_seconds: 7200,
    timezone: url.searchParams.get('timezone'),
    timezone_abbreviation: 'CEST',
    elevation: 657,
    daily_units: {
      time: 'iso8601',
      weather_code: 'wmo code',
      temperature_2m_max: '°C',
      temperature_2m_min: '°C',
      precipitation_sum: 'mm',
    },
    daily: {
      time: dates,
      weather_code: dates.map((_, i) => (i % 2 === 0 ? 0 : 63)),
      temperature_2m_max: dates.map((_, i) => 20 + i / 10),
      temperature_2m_min: dates.map((_, i) => 9 + i / 10),
      precipitation_sum: dates.map((_, i) => (i % 2 === 0 ? 0 : 5.4)),
      ...overrides,
    },
  }
}

export const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
