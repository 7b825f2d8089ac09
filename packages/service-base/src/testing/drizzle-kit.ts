import { cp, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { execa } from 'execa'

/** What `drizzle-kit generate` then `check` did on a copy of a service's migrations. */
export interface SchemaCheck {
  /** What `generate` printed: it exits 0 on some errors, so assert on this. */
  generateOutput: string
  /** What `check` printed on the copy after `generate`. */
  checkOutput: string
  /** The copy's top-level entries after `generate`, in `readdir` order. */
  files: string[]
  /** The copy's `meta/` entries after `generate`, in `readdir` order. */
  metaFiles: string[]
}

/** Runs the service's own `drizzle-kit` in `serviceDir` and returns its stdout. */
export async function runDrizzleKit(serviceDir: string, args: string[]): Promise<string> {
  const bin = join(serviceDir, 'node_modules/.bin/drizzle-kit')
  const { stdout } = await execa(bin, args, { cwd: serviceDir, timeout: 30_000 })
  return stdout
}

/**
 * Runs `drizzle-kit generate` against `schema` on a temporary copy of `serviceDir/drizzle`, then
 * `drizzle-kit check` on that copy, and reports what they printed and left behind.
 */
export async function checkSchemaMatchesMigrations(options: {
  serviceDir: string
  /** Relative to `serviceDir`, as drizzle-kit reads it. */
  schema?: string
}): Promise<SchemaCheck> {
  const { serviceDir } = options
  const scratch = await mkdtemp(join(tmpdir(), 'bakery-drizzle-kit-'))
  try {
    const copy = join(scratch, 'drizzle')
    await cp(join(serviceDir, 'drizzle'), copy, { recursive: true })
    // drizzle-kit prefixes "./" to --out, so the path must be relative to the service directory.
    const out = relative(serviceDir, copy)
    const schema = options.schema ?? './src/db/schema.ts'
    const dialect = ['--dialect', 'postgresql']
    const generateOutput = await runDrizzleKit(serviceDir, [
      'generate',
      ...dialect,
      '--schema',
      schema,
      '--out',
      out,
    ])
    const files = await readdir(copy)
    const metaFiles = await readdir(join(copy, 'meta'))
    const checkOutput = await runDrizzleKit(serviceDir, ['check', ...dialect, '--out', out])
    return { generateOutput, checkOutput, files, metaFiles }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
