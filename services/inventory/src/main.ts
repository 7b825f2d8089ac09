import { runService } from '@bakery/service-base'
import { loadConfig } from './config.js'
import { inventoryService } from './service-definition.js'

// The Deployment's entry: verifies the schema (never migrates), then listens.
await runService(inventoryService, () => loadConfig())
