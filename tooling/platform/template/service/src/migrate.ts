// The migration Job's entry: the only process that changes the __name__ schema.
import { fileURLToPath } from 'node:url'
import { runMigrateCli } from '@bakery/service-base/migrate'

process.exitCode = await runMigrateCli({
  service: '__name__',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
  // Written by the build next to this bundle: how each migration runs, so the Job need not parse it.
  executionPlansFile: fileURLToPath(new URL('./migration-plans.json', import.meta.url)),
})
