#!/usr/bin/env node
// `pnpm dev`, `pnpm db:status`, `pnpm db:migrate`: see USAGE in cli-args.ts.
import { parseLauncherArgs, USAGE } from './cli-args.js'
import { runDbMigrate, runDbReset, runDbStatus } from './db-commands.js'
import { runDev } from './dev-command.js'
import { isLauncherError } from './errors.js'
import { createLineWriter } from './log-lines.js'
import { SERVICES } from './repo-layout.js'

async function main(): Promise<number> {
  const options = parseLauncherArgs(process.argv.slice(2))
  if (options.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const color = process.stdout.isTTY === true
  const log = createLineWriter({
    pretty: color,
    sources: ['dev', 'postgres', 'build', ...SERVICES.map((s) => s.name)],
  })
  switch (options.command) {
    case 'dev':
      return runDev(options, log, color)
    case 'db:status':
      return runDbStatus(options, log, color)
    case 'db:migrate':
      return runDbMigrate(options, log)
    case 'db:reset':
      return runDbReset(options, log)
  }
}

try {
  process.exitCode = await main()
} catch (err) {
  const message = isLauncherError(err)
    ? `${err.code}: ${err.message}`
    : ((err as Error)?.stack ?? String(err))
  process.stderr.write(`dev-launcher: ${message}\n`)
  process.exitCode = 1
}
