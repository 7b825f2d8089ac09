// The Deployment's entry: verify the schema (never migrate), then serve.
import { runService } from '@bakery/service-base'
import { loadConfig } from './config.js'
import { externalService } from './service-definition.js'

await runService(externalService, () => loadConfig())
