import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface MigrationSpec {
  tag: string
  /** The journal's `when`; defaults to a fixed base plus the index, so runs are reproducible. */
  when?: number
  sql: string
}

/**
 * Writes a drizzle-kit style folder (`<tag>.sql` + `meta/_journal.json`) for tests and benchmarks.
 * Journal order is the order of `specs`.
 */
export async function writeMigrationFolder(specs: MigrationSpec[], dir?: string): Promise<string> {
  const folder = dir ?? (await mkdtemp(join(tmpdir(), 'bakery-migrations-')))
  await mkdir(join(folder, 'meta'), { recursive: true })
  const entries = specs.map((s, idx) => ({
    idx,
    version: '7',
    when: s.when ?? 1_700_000_000_000 + idx * 1000,
    tag: s.tag,
    breakpoints: true,
  }))
  for (const s of specs) await writeFile(join(folder, `${s.tag}.sql`), s.sql)
  await writeFile(
    join(folder, 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2),
  )
  return folder
}

/** `count` synthetic migrations, each creating one small table: the benchmark workload. */
export function syntheticMigrations(count: number): MigrationSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    tag: `${String(i).padStart(4, '0')}_synthetic_${i}`,
    sql: `CREATE TABLE "synthetic_${i}" ("id" serial PRIMARY KEY, "name" text NOT NULL, "created_at" timestamptz DEFAULT now() NOT NULL);\n--> statement-breakpoint\nCREATE INDEX "synthetic_${i}_name_idx" ON "synthetic_${i}" ("name");`,
  }))
}

/** Copies a drizzle-kit folder to `dest` keeping only its first `count` migrations: an older release. */
export async function copyMigrationsUpTo(source: string, count: number, dest: string): Promise<string> {
  await cp(source, dest, { recursive: true })
  const journalPath = join(dest, 'meta', '_journal.json')
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] }
  for (const entry of journal.entries.slice(count)) await rm(join(dest, `${entry.tag}.sql`))
  journal.entries = journal.entries.slice(0, count)
  await writeFile(journalPath, JSON.stringify(journal))
  return dest
}

/**
 * `writeMigrationFolder` whose folders a test file removes when it is done:
 * `const folders = temporaryMigrationFolders(); afterAll(folders.removeAll)`.
 */
export function temporaryMigrationFolders(): {
  write: typeof writeMigrationFolder
  removeAll: () => Promise<void>
} {
  const folders: string[] = []
  return {
    write: async (specs, dir) => {
      const folder = await writeMigrationFolder(specs, dir)
      folders.push(folder)
      return folder
    },
    removeAll: async () => {
      await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
    },
  }
}
