import Fastify, { type FastifyBaseLogger } from 'fastify'
import { pino } from 'pino'
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

describe('logging a failed query', () => {
  it('writes no parameter value to the log line of the 500', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) })
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger })
    installErrorHandler(app)
    app.post('/customers', async () => {
      const driver = Object.assign(new Error('value too long for type character varying(20)'), {
        code: '22001',
      })
      const params = ['Ana García', 'ana@example.com']
      throw Object.assign(
        new Error(`Failed query: insert into "customers" values ($1, $2)\nparams: ${params}`),
        {
          query: 'insert into "customers" values ($1, $2)',
          params,
          cause: driver,
        },
      )
    })
    const res = await app.inject({ method: 'POST', url: '/customers' })
    expect(res.statusCode).toBe(500)
    const line = lines.find((l) => l.includes('request failed')) ?? ''
    expect(JSON.parse(line).err).toMatchObject({
      sqlState: '22001',
      queryName: 'insert into customers',
      paramCount: 2,
    })
    expect(lines.join('\n')).not.toMatch(/Ana García|ana@example\.com/)
    await app.close()
  })
})
