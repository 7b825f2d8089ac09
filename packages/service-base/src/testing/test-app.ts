import type { FastifyInstance } from 'fastify'
import postgres from 'postgres'
import { migrateTestDatabase } from './migrate-test-database.js'
import { createTestDatabase, type TestDatabase } from './test-database.js'

/** An app built on a fresh, migrated database, with a separate connection for assertions. */
export interface TestApp<App extends FastifyInstance = FastifyInstance> {
  app: App
  database: TestDatabase
  /** A connection of its own (not the app's pool), for arranging and asserting rows directly. */
  sql: postgres.Sql
  /** Closes the app and the connection, then drops the database. */
  close(): Promise<void>
}

/** Options of `startTestApp`: where the database lives, what to migrate it with, how to build the app. */
export interface StartTestAppOptions<App extends FastifyInstance> {
  /** Superuser URL of the test server, usually `inject('postgresAdminUrl')`. */
  adminUrl: string
  /** The service name: the database prefix and the migration runner's service. */
  service: string
  migrationsFolder: string
  /** Builds the app (never listening) from its environment: `(env) => buildApp(loadConfig(env))`. */
  build: (env: Record<string, string>) => Promise<App>
  /** Extra environment, on top of `DATABASE_URL` and `LOG_LEVEL: 'silent'`. */
  env?: Record<string, string>
}

/** Creates a fresh database, migrates it with the real runner and builds the app on it. */
export async function startTestApp<App extends FastifyInstance>(
  options: StartTestAppOptions<App>,
): Promise<TestApp<App>> {
  const { service, migrationsFolder } = options
  const database = await createTestDatabase(options.adminUrl, service)
  try {
    await migrateTestDatabase({ url: database.url, service, migrationsFolder })
    const app = await options.build({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...options.env })
    const sql = postgres(database.url, { max: 2, onnotice: () => {}, fetch_types: false })
    return {
      app,
      database,
      sql,
      async close() {
        await app.close()
        await sql.end()
        await database.drop()
      },
    }
  } catch (err) {
    await database.drop()
    throw err
  }
}
