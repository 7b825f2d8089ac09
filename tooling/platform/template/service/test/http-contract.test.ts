import { describeHttpContract } from '@bakery/service-base/testing/http-contract'
import { startTestApp } from './test-app.js'

// Every route that reads a JSON body belongs here: add yours as you add them.
const routes = [{ method: 'POST', url: '/api/v1/items', validBody: { name: 'Baguette' } }] as const

// Once on the validators and serializers the build compiled (what a production start serves from)
// and once on those compiled at start (what a schema changed since the build gets).
describeHttpContract('__name__', routes, startTestApp)
