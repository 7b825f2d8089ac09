import { ProviderError } from '../errors.js'
import { OPEN_METEO_DAILY, parseOpenMeteoDaily } from './open-meteo-response.js'
import type { DailyWeatherRequest, DailyWeatherResult, WeatherProvider } from './weather-provider.js'

export interface OpenMeteoOptions {
  /** `https://api.open-meteo.com`, or a mirror/proxy; may carry a path prefix. */
  baseUrl: string
  timeoutMs: number
}

/** Daily weather from Open-Meteo's `/v1/forecast` (past days up to ~3 months, forecasts up to 16 days). */
export class OpenMeteoWeatherProvider implements WeatherProvider {
  readonly name = 'open-meteo'
  readonly #endpoint: URL
  readonly #timeoutMs: number

  constructor(options: OpenMeteoOptions) {
    // A trailing slash keeps a path prefix (`https://proxy/meteo/`) when resolving the endpoint.
    this.#endpoint = new URL(
      'v1/forecast',
      options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
    )
    this.#timeoutMs = options.timeoutMs
  }

  async fetchDaily(request: DailyWeatherRequest): Promise<DailyWeatherResult> {
    const url = new URL(this.#endpoint)
    url.search = new URLSearchParams({
      latitude: request.latitude,
      longitude: request.longitude,
      daily: OPEN_METEO_DAILY.join(','),
      timezone: request.timezone,
      start_date: request.from,
      end_date: request.to,
    }).toString()
    const body = await this.#getJson(url)
    return parseOpenMeteoDaily(body, request)
  }

  async #getJson(url: URL): Promise<unknown> {
    const where = `${url.origin}${url.pathname}`
    // One budget for connecting, headers and body: a provider that trickles bytes also times out.
    const signal = AbortSignal.timeout(this.#timeoutMs)
    let status: number
    let text: string
    try {
      const response = await fetch(url, { signal, headers: { accept: 'application/json' } })
      status = response.status
      text = await response.text()
    } catch (err) {
      if (signal.aborted) {
        throw new ProviderError(
          'timeout',
          `Open-Meteo at ${where} did not answer within ${this.#timeoutMs} ms. Nothing was stored; retry later or raise WEATHER_PROVIDER_TIMEOUT_MS.`,
          { cause: err },
        )
      }
      throw new ProviderError(
        'failed',
        `Cannot reach Open-Meteo at ${where} (${describe(err)}). Nothing was stored; check WEATHER_PROVIDER_URL and the network.`,
        { cause: err },
      )
    }
    if (status !== 200) {
      throw new ProviderError(
        'failed',
        `Open-Meteo at ${where} answered HTTP ${status}${reasonOf(text)}. Nothing was stored; ${status >= 500 ? 'retry later' : 'check the location and the date range'}.`,
      )
    }
    try {
      return JSON.parse(text) as unknown
    } catch (err) {
      throw new ProviderError(
        'failed',
        `Open-Meteo at ${where} sent a response we cannot read: the body is not JSON. Nothing was stored.`,
        { cause: err },
      )
    }
  }
}

/** Open-Meteo explains its 4xx answers as `{ "error": true, "reason": "..." }`. */
function reasonOf(text: string): string {
  try {
    const reason = (JSON.parse(text) as { reason?: unknown }).reason
    return typeof reason === 'string' ? `: ${reason.slice(0, 300)}` : ''
  } catch {
    return ''
  }
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  return cause?.code ?? cause?.message ?? (err as Error).message
}
