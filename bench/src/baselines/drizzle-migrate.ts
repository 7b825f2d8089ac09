// The migration Job baseline: drizzle-orm's migrate() on DATABASE_URL with MIGRATIONS_DIR.
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} })
try {
  await migrate(drizzle(sql), { migrationsFolder: process.env.MIGRATIONS_DIR ?? '' })
} catch (err) {
  process.stderr.write(
    `drizzle migrate failed: ${(err as Error).message} ${String((err as Error).cause ?? '')}\n`,
  )
  process.exitCode = 1
} finally {
  await sql.end({ timeout: 2 })
}
