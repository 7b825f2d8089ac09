// The architecture the seeds replace: the orders service running drizzle-orm's migrate() before it
// listens. Everything after the migrate() call is the real orders service (chassis, verification).

import { ordersService } from '@bakery/orders/src/service-definition.js'
import { loadServiceConfig, runService } from '@bakery/service-base'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'

const config = loadServiceConfig()
// The bundle lives in bench/dist, not beside orders' drizzle/ folder: the bench passes MIGRATIONS_DIR.
const migrationsFolder = config.migrations.dir ?? ordersService.migrationsFolder
const sql = postgres(config.database.url, { max: 1, onnotice: () => {} })
try {
  await migrate(drizzle(sql), { migrationsFolder })
} finally {
  await sql.end()
}
await runService(ordersService, () => config)
