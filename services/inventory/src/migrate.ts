import { fileURLToPath } from 'node:url'
import { runMigrateCli } from '@bakery/service-base/migrate'

// The migration Job's entry (also `status`, `verify`, `wait` for the init container and people).
process.exitCode = await runMigrateCli({
  service: 'inventory',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
})
