/** Every request the suite makes is bounded: a hung service fails the test instead of stalling it. */
export async function request(
  url: string,
  init: RequestInit & { json?: unknown } = {},
  timeoutMs = 5000,
): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now()
  const { json, ...rest } = init
  const res = await fetch(url, {
    ...rest,
    ...(json === undefined
      ? {}
      : { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...rest.headers } }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  const text = await res.text()
  let body: Record<string, unknown> = {}
  try {
    body = text ? JSON.parse(text) : {}
  } catch {
    body = { raw: text }
  }
  return { status: res.status, body, ms: performance.now() - started }
}

/** Polls `probe` every `intervalMs` until it returns true; resolves with the elapsed ms, rejects past `timeoutMs`. */
export async function waitFor(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<number> {
  const started = performance.now()
  while (performance.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return performance.now() - started
    await new Promise((r) => setTimeout(r, intervalMs))
  }
  throw new Error(`condition not met within ${timeoutMs} ms`)
}

export const status = (url: string, timeoutMs = 3000) =>
  request(url, {}, timeoutMs).then(
    (r) => r.status,
    () => 0,
  )
