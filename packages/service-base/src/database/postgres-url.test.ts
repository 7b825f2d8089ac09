import { describe, expect, it } from 'vitest'
import { describePostgresTarget, isPostgresUrl, parsePostgresUrl } from './postgres-url.js'

const parts = (url: string) => {
  const { params, ...rest } = parsePostgresUrl(url)
  return { ...rest, params: params.toString() }
}

describe('parsePostgresUrl', () => {
  it('reads an ordinary URL, decoding the password', () => {
    expect(parts('postgres://app:p%40ss@db.internal:6543/orders?sslmode=require')).toEqual({
      host: 'db.internal',
      port: 6543,
      database: 'orders',
      user: 'app',
      password: 'p@ss',
      params: 'sslmode=require',
    })
  })

  it('reads the Unix-socket forms libpq documents', () => {
    expect(parts('postgres://app@/orders?host=/run/postgresql')).toMatchObject({
      host: '/run/postgresql',
      database: 'orders',
      user: 'app',
      params: '',
    })
    expect(parts('postgresql:///orders?host=/tmp/pg&port=5444')).toMatchObject({
      host: '/tmp/pg',
      port: 5444,
      database: 'orders',
      user: undefined,
    })
    expect(parts('postgres://app:pw@%2Fvar%2Frun%2Fpostgresql/orders')).toMatchObject({
      host: '/var/run/postgresql',
      password: 'pw',
    })
    expect(parts('postgres://app@%2Frun%2Fpg:5444/orders')).toMatchObject({ host: '/run/pg', port: 5444 })
  })

  it('lets the query name the connection as libpq does, and keeps the other parameters', () => {
    expect(
      parts('postgresql://h/x?dbname=orders&user=app&password=pw&application_name=job&options=-c%20a%3Db'),
    ).toEqual({
      host: 'h',
      port: undefined,
      database: 'orders',
      user: 'app',
      password: 'pw',
      params: 'application_name=job&options=-c+a%3Db',
    })
  })

  it('reads IPv6 literals and host lists', () => {
    expect(parts('postgres://[::1]:5433/x')).toMatchObject({ host: '::1', port: 5433 })
    expect(parts('postgres://a:5432,b:5433/x')).toMatchObject({ host: 'a:5432,b:5433', port: undefined })
  })

  it('rejects what is not a PostgreSQL URL', () => {
    for (const url of ['mysql://u@h/db', 'postgres:/db', 'postgres://h:99999/db', 'postgres://h:x/db']) {
      expect(isPostgresUrl(url), url).toBe(false)
    }
  })
})

describe('describePostgresTarget', () => {
  it('names host, port and database, never the password', () => {
    expect(describePostgresTarget(parsePostgresUrl('postgres://u:secret@db/orders'))).toBe('db:5432/orders')
    expect(describePostgresTarget(parsePostgresUrl('postgres://u@/orders?host=/run/pg'))).toBe(
      '/run/pg:5432/orders',
    )
  })
})
