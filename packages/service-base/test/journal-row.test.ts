import { describe, expect, it } from 'vitest'
import {
  CREATE_MIGRATIONS_TABLE_V0,
  CREATE_MIGRATIONS_TABLE_V1,
  journalRowInsert,
} from '../src/migrations/migrations-table.js'
import { connect, databasePerTest } from './helpers.js'

const db = databasePerTest()
const m = { tag: '0001_x', name: '20250101000000_x', hash: 'abc', createdAt: Date.UTC(2025, 0, 1) + 5 }

async function rowsAfterRecording(createTable: string, version: 0 | 1) {
  const d = await db()
  const sql = connect(d.url)
  try {
    await sql.unsafe('CREATE SCHEMA drizzle')
    await sql.unsafe(createTable)
    await sql.unsafe(...journalRowInsert(m, version))
    return await sql.unsafe(
      `SELECT hash, created_at::text, to_jsonb(t)->>'name' AS name, (to_jsonb(t)->>'applied_at') IS NOT NULL AS applied
         FROM drizzle.__drizzle_migrations t`,
    )
  } finally {
    await sql.end()
  }
}

describe('journalRowInsert', () => {
  it("fills drizzle 1.0's name and applied_at when the table has them", async () => {
    expect(await rowsAfterRecording(CREATE_MIGRATIONS_TABLE_V1, 1)).toEqual([
      { hash: 'abc', created_at: String(m.createdAt), name: '20250101000000_x', applied: true },
    ])
  })

  it("writes drizzle 0.x's columns only into a 0.x table", async () => {
    expect(await rowsAfterRecording(CREATE_MIGRATIONS_TABLE_V0, 0)).toEqual([
      { hash: 'abc', created_at: String(m.createdAt), name: null, applied: false },
    ])
  })
})
