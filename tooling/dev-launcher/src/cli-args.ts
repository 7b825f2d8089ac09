import { isAbsolute, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { UsageError } from './errors.js'
import { repoRoot, SERVICES } from './repo-layout.js'

export const USAGE = `Usage: pnpm dev [-- options]          (node tooling/dev-launcher/dist/main.js [command] [options])

Commands:
  dev          PostgreSQL, every migration entry, every service; rebuild on change (default)
  db:status    every service's \`migrate.js status\` in one table
  db:migrate   run every service's migration entry (\`node dist/migrate.js\`)
  db:reset <service>
               delete that one service's database, create it again and migrate it

Options:
  --reset               dev: delete the embedded server's data first: every service's database
                        (to reset one service only: pnpm db:reset <service>)
  --allow-out-of-order  dev, db:migrate: apply migrations missing before applied ones (migrate.js)
  --allow-drift         dev, db:migrate: proceed although applied migrations were edited (migrate.js)
  --port-base <n>       services listen on n+1 (external), n+2 (orders), n+3 (inventory); default 3000
  --port <svc>=<n>      one service's port, e.g. --port orders=4002 (repeatable)
  --pg-port <n>         the embedded PostgreSQL's port on 127.0.0.1; default 5433
  --data-dir <dir>      where the embedded server keeps its data; default <repo>/.data
  --no-watch            dev: do not rebuild and restart services when their sources change
  --json                db:status: print JSON
  -h, --help            show this text

Environment:
  DEV_DATABASE_ADMIN_URL  a superuser URL of an existing PostgreSQL server to use instead of the
                          embedded one, e.g. postgres://postgres:secret@127.0.0.1:5432/postgres
  DEV_PORT_BASE, DEV_POSTGRES_PORT, DEV_DATA_DIR   the same as the options above
  LOG_LEVEL               the services' and migration entries' log level; default info
`

export type Command = 'dev' | 'db:status' | 'db:migrate' | 'db:reset'
const COMMANDS: readonly string[] = ['dev', 'db:status', 'db:migrate', 'db:reset']

export interface LauncherOptions {
  command: Command
  help: boolean
  reset: boolean
  watch: boolean
  json: boolean
  /** Port of each service, by name. */
  ports: Record<string, number>
  postgresPort: number
  dataDir: string
  /** An existing server's superuser URL; the embedded server is used when undefined. */
  adminUrl: string | undefined
  logLevel: string
  /** db:reset: the one service to reset. */
  service: string | undefined
  /** Flags forwarded to every `migrate.js` apply. */
  migrateFlags: string[]
}

/** Pure: the command line and environment, checked, every default applied. */
export function parseLauncherArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): LauncherOptions {
  const { values, positionals } = parse(argv)
  const [command = 'dev', ...extra] = positionals
  const service = command === 'db:reset' ? extra.shift() : undefined
  if (!COMMANDS.includes(command) || extra.length > 0)
    throw new UsageError(`Unknown command "${[command, ...extra].join(' ')}".\n\n${USAGE}`)
  const names = SERVICES.map((s) => s.name)
  if (command === 'db:reset' && (!service || !names.includes(service)))
    throw new UsageError(
      `db:reset takes one service: ${names.map((n) => `pnpm db:reset ${n}`).join(', ')} (got "${service ?? ''}").`,
    )
  const portBase = toPort(values['port-base'] ?? env.DEV_PORT_BASE ?? '3000', '--port-base', 65_535 - 3)
  const ports = Object.fromEntries(SERVICES.map((s) => [s.name, portBase + s.portOffset]))
  for (const pair of values.port ?? []) {
    const [name = '', value = ''] = pair.split('=')
    if (!(name in ports))
      throw new UsageError(
        `--port ${pair}: unknown service "${name}" (one of ${Object.keys(ports).join(', ')}).`,
      )
    ports[name] = toPort(value, `--port ${name}`)
  }
  const adminUrl = env.DEV_DATABASE_ADMIN_URL || undefined
  if (adminUrl && values.reset)
    throw new UsageError(
      '--reset only wipes the embedded server. With DEV_DATABASE_ADMIN_URL, drop the databases and roles yourself.',
    )
  const dataDir = values['data-dir'] ?? env.DEV_DATA_DIR ?? join(repoRoot, '.data')
  return {
    command: command as Command,
    help: values.help === true,
    reset: values.reset === true,
    watch: values['no-watch'] !== true,
    json: values.json === true,
    ports,
    postgresPort: toPort(values['pg-port'] ?? env.DEV_POSTGRES_PORT ?? '5433', '--pg-port'),
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(dataDir),
    adminUrl,
    logLevel: env.LOG_LEVEL ?? 'info',
    service,
    migrateFlags: [
      ...(values['allow-out-of-order'] ? ['--allow-out-of-order'] : []),
      ...(values['allow-drift'] ? ['--allow-drift'] : []),
    ],
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        reset: { type: 'boolean' },
        'port-base': { type: 'string' },
        port: { type: 'string', multiple: true },
        'pg-port': { type: 'string' },
        'data-dir': { type: 'string' },
        'no-watch': { type: 'boolean' },
        json: { type: 'boolean' },
        'allow-out-of-order': { type: 'boolean' },
        'allow-drift': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`)
  }
}

function toPort(value: string, flag: string, max = 65_535): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`${flag} takes a port number from 1 to ${max}, got "${value}".`)
  return n
}
