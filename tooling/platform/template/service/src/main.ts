// The Deployment's entry: verify the database (never migrate), then serve.
import { runService } from '@bakery/service-base'
import { loadConfig } from './config.js'
import { __name__Service } from './service-definition.js'

await runService(__name__Service, () => loadConfig())
