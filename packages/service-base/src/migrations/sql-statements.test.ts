import { describe, expect, it } from 'vitest'
import { concurrentIndexName, parseStatements, relationsOf } from './sql-statements.js'

const kinds = async (sql: string) => (await parseStatements(sql)).map((s) => [s.text, s.kind])

describe('parseStatements (PostgreSQL 18 parser)', () => {
  it('finds every statement PostgreSQL refuses in a transaction block', async () => {
    const sql = `CREATE UNIQUE INDEX CONCURRENTLY a ON t (x); DROP INDEX CONCURRENTLY a; REINDEX INDEX CONCURRENTLY a;
      ALTER TABLE p DETACH PARTITION c CONCURRENTLY; VACUUM t; CREATE DATABASE x; ALTER SYSTEM SET work_mem = '1MB';
      CREATE INDEX b ON t (x); ALTER TABLE p DETACH PARTITION c; REINDEX INDEX a; ANALYZE t; ALTER TYPE e ADD VALUE 'v'`
    expect((await parseStatements(sql)).map((s) => s.kind)).toEqual([
      ...Array(7).fill('non-transactional'),
      ...Array(5).fill('transactional'),
    ])
  })

  it('finds transaction control and leaves savepoints to the transaction', async () => {
    expect(await kinds('BEGIN; START TRANSACTION; COMMIT; END; ROLLBACK; SAVEPOINT s; RELEASE s')).toEqual([
      ['BEGIN', 'transaction-control'],
      ['START TRANSACTION', 'transaction-control'],
      ['COMMIT', 'transaction-control'],
      ['END', 'transaction-control'],
      ['ROLLBACK', 'transaction-control'],
      ['SAVEPOINT s', 'transactional'],
      ['RELEASE s', 'transactional'],
    ])
  })

  it('ignores what comments, strings and DO bodies say, and keeps a DO block whole', async () => {
    const sql = `-- CREATE INDEX CONCURRENTLY x ON t (a); COMMIT;
/* VACUUM; */ SELECT 'CREATE INDEX CONCURRENTLY; COMMIT;';
DO $$ BEGIN PERFORM 1; COMMIT; END $$;
--> statement-breakpoint
INSERT INTO "é" VALUES ('ünïcode;')`
    expect(await kinds(sql)).toEqual([
      ["SELECT 'CREATE INDEX CONCURRENTLY; COMMIT;'", 'transactional'],
      ['DO $$ BEGIN PERFORM 1; COMMIT; END $$', 'transactional'],
      [`INSERT INTO "é" VALUES ('ünïcode;')`, 'transactional'],
    ])
  })

  it('names the relations and the concurrent index a statement touches', async () => {
    const [idx, alter] = await parseStatements(
      'CREATE INDEX CONCURRENTLY "i" ON "s"."T" (a); ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id)',
    )
    expect(idx && concurrentIndexName(idx)).toBe('"s"."i"')
    expect(relationsOf(idx?.node)).toEqual(['"s"."T"'])
    expect(relationsOf(alter?.node)).toEqual(['"t"', '"u"'])
  })

  it('rejects SQL PostgreSQL cannot parse with MIGRATE_SQL_INVALID', async () => {
    await expect(parseStatements('CREATE TABLE (', '0001_x.sql')).rejects.toMatchObject({
      code: 'MIGRATE_SQL_INVALID',
      message: expect.stringContaining('0001_x.sql'),
    })
  })
})
