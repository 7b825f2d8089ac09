import { fileURLToPath } from 'node:url'
import { runMigrateCli } from '@bakery/service-base/migrate'

// The migration Job's entry (also `status`, `verify`, `wait` for the init container and people).
process.exitCode = await runMigrateCli({
  service: 'inventory',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  // Written by the build next to this bundle: how each migration runs, so the Job need not parse it.
  executionPlansFile: fileURLToPath(new URL('./migration-plans.json', import.meta.url)),
})
