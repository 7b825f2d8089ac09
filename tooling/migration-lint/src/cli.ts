import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { lintSql } from './lint-sql.js'

/** `migration-lint <dir|file.sql>...`: prints every finding; exit 1 if any is not acknowledged, 2 on usage. */
export async function runCli(args: string[], write: (line: string) => void): Promise<number> {
  if (args.length === 0 || args.includes('--help')) {
    write('usage: migration-lint <drizzle dir | file.sql>...')
    return args.length === 0 ? 2 : 0
  }
  const files = (await Promise.all(args.map(sqlFiles))).flat()
  let errors = 0
  let acknowledged = 0
  for (const file of files) {
    for (const f of await lintSql(await readFile(file, 'utf8'))) {
      const where = `${relative(process.cwd(), file)}:${f.line}`
      if (f.acknowledged) {
        acknowledged++
        write(`${where} ${f.rule} (acknowledged: ${f.acknowledged})`)
      } else {
        errors++
        write(`${where} ${f.rule}: ${f.message}\n    ${f.statement}`)
      }
    }
  }
  write(
    `migration-lint: ${files.length} file(s), ${errors} finding(s), ${acknowledged} acknowledged exception(s)`,
  )
  return errors > 0 ? 1 : 0
}

async function sqlFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path]
  const names = (await readdir(path)).filter((n) => n.endsWith('.sql')).sort()
  return names.map((n) => join(path, n))
}
