// The migration Job's entry: the only process that changes the __name__ schema.
import { fileURLToPath } from 'node:url'
import { runMigrateCli } from '@bakery/service-base/migrate'

process.exitCode = await runMigrateCli({
  service: '__name__',
  migrationsFolder: fileURLToPath(new URL('../drizzle', import.meta.url)),
})
