import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import type { Sql } from 'postgres'
import type { DatabaseConfig } from '../config/database-config.js'
import { createSql } from './create-sql.js'

/** The service's connection pool (postgres.js) and its drizzle handle, closed once on shutdown. */
export class DatabaseManager<TSchema extends Record<string, unknown> = Record<string, never>> {
  readonly sql: Sql
  readonly db: PostgresJsDatabase<TSchema>
  #closed = false

  constructor(config: DatabaseConfig, options: { applicationName: string; schema?: TSchema }) {
    this.sql = createSql(config, { applicationName: options.applicationName })
    this.db = options.schema
      ? drizzle(this.sql, { schema: options.schema })
      : (drizzle(this.sql) as unknown as PostgresJsDatabase<TSchema>)
  }

  /** One cheap round trip, bounded by `timeoutMs`, for readiness. */
  async ping(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(Object.assign(new Error('database ping timed out'), { code: 'PING_TIMEOUT' })),
        timeoutMs,
      )
    })
    try {
      await Promise.race([this.sql`SELECT 1`, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Waits up to `timeoutSeconds` for queries in flight, then closes every connection. */
  async close(timeoutSeconds = 5): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.sql.end({ timeout: timeoutSeconds })
  }
}
