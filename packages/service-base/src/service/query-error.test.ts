import { describe, expect, it } from 'vitest'
import { describeQueryError, nameQuery } from './query-error.js'

describe('describeQueryError', () => {
  it('logs the SQL state, the query name and the parameter count, never the values', () => {
    // What drizzle throws: its wrapper with the parameters in the message, the postgres.js error as cause.
    const driver = Object.assign(
      new Error('duplicate key value violates unique constraint "customers_email_key"'),
      {
        code: '23505',
        detail: 'Key (email)=(ana@example.com) already exists.',
        constraint_name: 'customers_email_key',
        table_name: 'customers',
      },
    )
    const params = ['Ana García', 'ana@example.com', '+34 600 000 000']
    const err = Object.assign(
      new Error(`Failed query: insert into "customers" ("name") values ($1)\nparams: ${params}`),
      {
        query: 'insert into "customers" ("name", "email", "phone") values ($1, $2, $3)',
        params,
        cause: driver,
      },
    )
    const logged = describeQueryError(err)
    expect(logged).toMatchObject({
      sqlState: '23505',
      queryName: 'insert into customers',
      paramCount: 3,
      constraint: 'customers_email_key',
    })
    const text = JSON.stringify(logged)
    for (const value of [...params, 'ana@example.com']) expect(text).not.toContain(value)
  })

  it('drops the value PostgreSQL quotes at the end of an input-syntax message', () => {
    const err = Object.assign(new Error('Failed query'), {
      query: 'select "id" from "locations" where "id" = $1',
      params: ['Calle Mayor 5'],
      cause: Object.assign(new Error('invalid input syntax for type uuid: "Calle Mayor 5"'), {
        code: '22P02',
      }),
    })
    expect(describeQueryError(err)).toMatchObject({
      message: 'invalid input syntax for type uuid: "…"',
      queryName: 'select locations',
    })
  })

  it('returns any other error unchanged', () => {
    const err = new Error('boom')
    expect(describeQueryError(err)).toBe(err)
  })

  it.each([
    ['update "orders" set "status" = $1', 'update orders'],
    ['delete from "idempotency_keys" where created_at < $1', 'delete from idempotency_keys'],
    ['with x as (select 1) select * from "a"', 'select a'],
  ])('names %s as %s', (sql, name) => expect(nameQuery(sql)).toBe(name))
})
