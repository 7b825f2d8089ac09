// `pnpm gen:service <name>` (or `--sync`: rewrite the files derived from services.json).
import { writeDerivedFiles } from './derived-files.js'
import { GenerateServiceError, generateService } from './generate-service.js'

const [arg] = process.argv.slice(2)
const log = (line: string) => process.stdout.write(`gen:service: ${line}\n`)

try {
  if (arg === '--sync') {
    const written = writeDerivedFiles()
    log(written.length > 0 ? `updated ${written.join(', ')}` : 'every derived file is up to date')
  } else if (!arg || arg.startsWith('-')) {
    process.stderr.write('usage: pnpm gen:service <name>   (or --sync after editing services.json)\n')
    process.exitCode = 2
  } else {
    const { port } = await generateService(arg, { log })
    log(
      `done: \`pnpm dev\` serves ${arg} on http://127.0.0.1:${port}; \`skaffold dev -m ${arg}\` deploys it alone`,
    )
  }
} catch (err) {
  const code = err instanceof GenerateServiceError ? err.code : 'GEN_SERVICE_FAILED'
  process.stderr.write(`gen:service: ${code}: ${(err as Error).message}\n`)
  process.exitCode = 1
}
