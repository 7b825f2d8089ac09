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
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL
  if (external) {
    project.provide('postgresAdminUrl', external)
    return async () => {}
  }
  const pg = await startEmbeddedPostgres({ fast: true })
  project.provide('postgresAdminUrl', pg.adminUrl)
  return () => pg.stop()
}
