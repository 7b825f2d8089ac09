// The migration Job's entry (also `status`, `verify`, `wait` for operators and init containers).
// It imports only the migration engine: no Fastify, no routes.
import { fileURLToPath } from 'node:url'
import { runMigrateCli } from '@bakery/service-base/migrate'

process.exitCode = await runMigrateCli({
  service: 'external',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
})
