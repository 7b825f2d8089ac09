import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from './cli.js'

const risky = 'CREATE INDEX "orders_customer_idx" ON "orders" ("customer");\n'
const safe = 'CREATE TABLE "orders" ("id" serial PRIMARY KEY, "customer" text);\n'

let dirs: string[] = []
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migration-lint-'))
  dirs.push(dir)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

async function lint(dir: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = []
  const code = await runCli([dir], (line) => lines.push(line))
  return { code, lines }
}

afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs = []
})

describe('migration folders', () => {
  it("lints drizzle-kit 0.x's layout: the top-level <tag>.sql files", async () => {
    const dir = folder({ '0000_init.sql': safe, '0001_index.sql': risky, 'meta/_journal.json': '{}' })
    const { code, lines } = await lint(dir)
    expect(code).toBe(1)
    expect(lines.some((l) => l.includes('0001_index.sql:1 create-index-blocking'))).toBe(true)
    expect(lines.at(-1)).toMatch(/^migration-lint: 2 file\(s\), 1 finding\(s\)/)
  })

  it("lints drizzle-kit 1.0's layout: each <timestamp>_<name>/migration.sql", async () => {
    const dir = folder({
      '20260101000000_init/migration.sql': safe,
      '20260101000000_init/snapshot.json': '{}',
      '20260102000000_index/migration.sql': risky,
      '20260102000000_index/snapshot.json': '{}',
    })
    const { code, lines } = await lint(dir)
    expect(code).toBe(1)
    const finding = join('20260102000000_index', 'migration.sql:1 create-index-blocking')
    expect(lines.some((l) => l.includes(finding))).toBe(true)
    expect(lines.at(-1)).toMatch(/^migration-lint: 2 file\(s\), 1 finding\(s\)/)
  })

  it('skips sub-folders that hold no migration.sql (meta/, snapshots only)', async () => {
    const dir = folder({ '20260101000000_init/migration.sql': safe, 'meta/notes.sql': risky })
    const { code, lines } = await lint(dir)
    expect(code).toBe(0)
    expect(lines.at(-1)).toMatch(/^migration-lint: 1 file\(s\), 0 finding\(s\)/)
  })
})
