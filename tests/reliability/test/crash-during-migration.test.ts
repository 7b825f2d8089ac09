import { rm } from 'node:fs/promises'
import {
  createTestDatabase,
  type MigrationSpec,
  runNode,
  writeMigrationFolder,
} from '@bakery/service-base/testing'
import { execa } from 'execa'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budget, seededRandom, seedFor } from './support/budget.js'
import { waitFor } from './support/http.js'
import { serviceDir } from './support/services.js'

// Kills the real migration Job entry (orders' dist/migrate.js, pointed at a synthetic folder through
// MIGRATIONS_DIR) with SIGKILL at seeded random moments of a multi-migration run with slow statements.
const KILL_POINTS = budget(3, 20)
const MIGRATIONS = 6
const ROWS = 2000
const cwd = serviceDir('orders')
let folder: string

/** Each migration: a table, its rows, a pause (so kills land mid-migration), then an index and a comment. */
function slowMigration(i: number, sleepS: number): MigrationSpec {
  return {
    tag: `${String(i).padStart(4, '0')}_crash_${i}`,
    sql: [
      `CREATE TABLE "crash_${i}" ("id" integer PRIMARY KEY, "payload" text NOT NULL)`,
      `INSERT INTO "crash_${i}" SELECT g, md5(g::text) FROM generate_series(1, ${ROWS}) g`,
      `SELECT pg_sleep(${sleepS})`,
      `CREATE INDEX "crash_${i}_payload_idx" ON "crash_${i}" ("payload")`,
      `COMMENT ON TABLE "crash_${i}" IS 'complete'`,
    ].join(';\n--> statement-breakpoint\n'),
  }
}

beforeAll(async () => {
  folder = await writeMigrationFolder(Array.from({ length: MIGRATIONS }, (_, i) => slowMigration(i, 0.15)))
})
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true })
})

const env = (url: string) => ({ DATABASE_URL: url, MIGRATIONS_DIR: folder, LOG_LEVEL: 'warn' })

/** Runs the migrate entry and SIGKILLs it after `afterMs`; resolves with how it ended. */
function runAndKill(url: string, afterMs: number): Promise<{ killed: boolean; code: number | null }> {
  const child = execa(process.execPath, ['dist/migrate.js'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env(url) },
    extendEnv: false,
    stdio: 'ignore',
    reject: false,
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), afterMs)
  return child.then((r) => {
    clearTimeout(timer)
    return { killed: r.signal === 'SIGKILL', code: r.exitCode ?? null }
  })
}

/** What the database holds: per synthetic migration, recorded or not, and what of its objects exist. */
async function inspect(sql: postgres.Sql) {
  const recorded = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`.catch(() => [{ n: 0 }])
  const objects = await sql<{ i: number; tbl: boolean; idx: boolean; commented: boolean }[]>`
    SELECT i,
           to_regclass(format('public.crash_%s', i)) IS NOT NULL AS tbl,
           to_regclass(format('public.crash_%s_payload_idx', i)) IS NOT NULL AS idx,
           coalesce(obj_description(to_regclass(format('public.crash_%s', i)), 'pg_class') = 'complete', false) AS commented
      FROM generate_series(0, ${MIGRATIONS - 1}) i ORDER BY i`
  return { recorded: recorded[0]?.n ?? 0, objects }
}

/** Advisory locks and sessions the killed runner left on this database (its backend ends once it notices). */
async function leftovers(sql: postgres.Sql, db: string) {
  const [row] = await sql<{ locks: number; sessions: number }[]>`
    SELECT (SELECT count(*)::int FROM pg_locks l JOIN pg_database d ON d.oid = l.database
             WHERE l.locktype = 'advisory' AND d.datname = ${db}) AS locks,
           (SELECT count(*)::int FROM pg_stat_activity WHERE datname = ${db} AND pid <> pg_backend_pid()) AS sessions`
  return row ?? { locks: -1, sessions: -1 }
}

describe('a migration Job killed (SIGKILL) mid-run', () => {
  it(`leaves only complete migrations and no lock at ${KILL_POINTS} random kill points, and the next run converges`, async () => {
    const rnd = seededRandom(seedFor('crash-during-migration'))
    const adminUrl = inject('postgresAdminUrl')
    // Calibrate: how long one whole run takes here, so kill points spread over all of it.
    const probe = await createTestDatabase(adminUrl, 'crash_probe')
    const started = performance.now()
    const full = await runNode(cwd, ['dist/migrate.js'], env(probe.url), 60_000)
    const runMs = performance.now() - started
    await probe.drop()
    expect(full.code, full.output.join('\n')).toBe(0)

    const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, fetch_types: false })
    const survived: { atMs: number; recorded: number }[] = []
    try {
      for (let k = 0; k < KILL_POINTS; k++) {
        const db = await createTestDatabase(adminUrl, 'crash')
        const sql = postgres(db.url, { max: 1, onnotice: () => {}, fetch_types: false })
        try {
          const atMs = Math.round(50 + rnd() * runMs)
          await runAndKill(db.url, atMs)
          // The server notices the dead client at its next round trip (after the pg_sleep at most).
          await waitFor(async () => (await leftovers(admin, db.name)).sessions === 0, 10_000, 50)
          expect(await leftovers(admin, db.name)).toEqual({ locks: 0, sessions: 0 })

          const { recorded, objects } = await inspect(sql)
          for (const o of objects) {
            const complete = o.i < recorded
            expect({ ...o, recorded }).toEqual({
              i: o.i,
              tbl: complete,
              idx: complete,
              commented: complete,
              recorded,
            })
          }
          if (recorded > 0) {
            const counts = await sql.unsafe(`SELECT count(*)::int AS n FROM "crash_${recorded - 1}"`)
            expect(counts[0]?.n).toBe(ROWS)
          }
          survived.push({ atMs, recorded })

          const next = await runNode(cwd, ['dist/migrate.js'], env(db.url), 60_000)
          expect(next.code, next.output.join('\n')).toBe(0)
          expect((await inspect(sql)).recorded).toBe(MIGRATIONS)
          expect((await runNode(cwd, ['dist/migrate.js', 'verify'], env(db.url))).code).toBe(0)
        } finally {
          await sql.end()
          await db.drop()
        }
      }
    } finally {
      await admin.end()
    }
    console.warn(
      `[crash-during-migration] run ${Math.round(runMs)} ms; kills (ms → migrations recorded): ${survived.map((s) => `${s.atMs}→${s.recorded}`).join(', ')}`,
    )
    expect(survived).toHaveLength(KILL_POINTS)
  })
})
