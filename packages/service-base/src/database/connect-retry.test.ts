import { describe, expect, it } from 'vitest'
import { isTransientConnectionError, withConnectRetry } from './connect-retry.js'

describe('isTransientConnectionError', () => {
  it('sees a connection error through wrapping errors', () => {
    const driver = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    expect(isTransientConnectionError(new Error('Failed query', { cause: driver }))).toBe(true)
  })

  it('does not retry errors that will not fix themselves', () => {
    expect(
      isTransientConnectionError(
        Object.assign(new Error('password authentication failed'), { code: '28P01' }),
      ),
    ).toBe(false)
    expect(isTransientConnectionError(new Error('boom'))).toBe(false)
  })
})

describe('withConnectRetry', () => {
  it('retries transient errors until an attempt succeeds', async () => {
    let attempts = 0
    const result = await withConnectRetry(
      async () => {
        attempts++
        if (attempts < 3) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })
        return 'ok'
      },
      { deadlineMs: 5000, target: 'db:5432/x' },
    )
    expect([result, attempts]).toEqual(['ok', 3])
  })

  it('gives up at the deadline with SVC_DB_UNREACHABLE naming the target and the last error', async () => {
    const started = Date.now()
    await expect(
      withConnectRetry(() => Promise.reject(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })), {
        deadlineMs: 300,
        target: 'db:5432/orders',
      }),
    ).rejects.toMatchObject({
      code: 'SVC_DB_UNREACHABLE',
      message: expect.stringMatching(/db:5432\/orders.*ECONNREFUSED/),
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(300)
  })

  it('fails at once on a non-transient error', async () => {
    let attempts = 0
    const boom = Object.assign(new Error('syntax error'), { code: '42601' })
    await expect(
      withConnectRetry(
        async () => {
          attempts++
          throw boom
        },
        { deadlineMs: 5000, target: 'x' },
      ),
    ).rejects.toBe(boom)
    expect(attempts).toBe(1)
  })

  it.each(['28P01', '28000'])(
    'turns a refused login (%s) into SVC_DB_AUTH_FAILED at once, naming the Secret',
    async (code) => {
      let attempts = 0
      const refused = Object.assign(new Error('password authentication failed for user "app"'), { code })
      const err = await withConnectRetry(
        async () => {
          attempts++
          throw refused
        },
        { deadlineMs: 5000, target: 'app@db:5432/orders' },
      ).catch((e: unknown) => e)
      expect(err).toMatchObject({
        code: 'SVC_DB_AUTH_FAILED',
        exitCode: 11,
        cause: refused,
        message: expect.stringMatching(/app@db:5432\/orders.*user "app".*Secret/),
      })
      expect(attempts).toBe(1)
    },
  )

  it('retries a missing database, then names it as missing rather than unreachable', async () => {
    let attempts = 0
    await expect(
      withConnectRetry(
        async () => {
          attempts++
          throw Object.assign(new Error('database "orders" does not exist'), { code: '3D000' })
        },
        { deadlineMs: 300, target: 'app@db:5432/orders' },
      ),
    ).rejects.toMatchObject({
      code: 'SVC_DB_DATABASE_MISSING',
      exitCode: 6,
      message: expect.stringContaining('database "orders" does not exist'),
    })
    expect(attempts).toBeGreaterThan(1)
  })

  it('ends a retry that never settles at the deadline, naming the failure before it', async () => {
    let attempts = 0
    const attempt = () =>
      ++attempts === 1
        ? Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))
        : new Promise<never>(() => {})
    await expect(withConnectRetry(attempt, { deadlineMs: 300, target: 'db:5432/x' })).rejects.toMatchObject({
      code: 'SVC_DB_UNREACHABLE',
      message: expect.stringContaining('last error: ECONNRESET'),
    })
    expect(attempts).toBe(2)
  })
})
