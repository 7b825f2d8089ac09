import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { lintSql } from './lint-sql.js'
import { migrationFiles } from './migration-files.js'

/** `migration-lint <dir|file.sql>...` (either drizzle-kit layout, see migration-files.ts): prints every finding; exit 1 if any is not acknowledged, 2 on usage. */
export async function runCli(args: string[], write: (line: string) => void): Promise<number> {
  if (args.length === 0 || args.includes('--help')) {
    write(
      'usage: migration-lint <drizzle dir | file.sql>... (a dir: its *.sql files and <folder>/migration.sql)',
    )
    return args.length === 0 ? 2 : 0
  }
  const files = (await Promise.all(args.map(migrationFiles))).flat()
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
