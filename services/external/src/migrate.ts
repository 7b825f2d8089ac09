// The migration Job's entry (also `status`, `verify`, `wait` for operators and init containers).
// It imports only the migration engine: no Fastify, no routes.
import { fileURLToPath } from 'node:url'
import { runMigrateCli } from '@bakery/service-base/migrate'

process.exitCode = await runMigrateCli({
  service: 'external',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  // Written by the build next to this bundle: how each migration runs, so the Job need not parse it.
  executionPlansFile: fileURLToPath(new URL('./migration-plans.json', import.meta.url)),
})
