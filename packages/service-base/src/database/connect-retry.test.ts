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
    await expect(
      withConnectRetry(
        async () => {
          attempts++
          throw Object.assign(new Error('bad password'), { code: '28P01' })
        },
        { deadlineMs: 5000, target: 'x' },
      ),
    ).rejects.toMatchObject({ code: '28P01' })
    expect(attempts).toBe(1)
  })
})
