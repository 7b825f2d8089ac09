import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { installErrorHandler } from './error-handler.js'

describe('installErrorHandler', () => {
  it('answers 400 REQUEST_INVALID, not 500, when PostgreSQL refuses the text it was sent (NUL byte, 22021)', async () => {
    const app = Fastify()
    installErrorHandler(app)
    app.get('/nul', async () => {
      // What drizzle throws: its own wrapper, the postgres.js error as `cause`.
      const driver = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
        code: '22021',
      })
      throw new Error('Failed query: insert into ...', { cause: driver })
    })
    const res = await app.inject({ url: '/nul' })
    expect([res.statusCode, res.json().code]).toEqual([400, 'REQUEST_INVALID'])
    await app.close()
  })
})
