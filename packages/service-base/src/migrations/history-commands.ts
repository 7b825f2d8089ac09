import type { Sql } from 'postgres'
import type { MigrateConfig } from '../config/migrate-config.js'
import { HistoryEditRefusedError, UnknownMigrationError } from '../errors.js'
import type { Logger } from '../logger.js'
import { readDatabaseState } from './database-state.js'
import type { BundledMigration, MigrationBundle } from './migration-bundle.js'
import { planMigrations } from './migration-plan.js'
import { withMigrationSession } from './migration-session.js'
import { journalRowInsert, MIGRATIONS_TABLE_QUALIFIED } from './migrations-table.js'
import { ensureMigrationsTable } from './schema-admin.js'

/** One row of drizzle's journal a history command wrote. */
export interface HistoryChange {
  migration: string
  createdAt: number
  /** `rehashed`: repair re-recorded the hash; `recorded`: resolve/baseline added the row. */
  action: 'rehashed' | 'recorded'
  oldHash?: string
  hash: string
}

export interface HistoryContext {
  service: string
  config: MigrateConfig
  bundle: MigrationBundle
  log: Logger
}

/** `repair`: re-records the hash of applied migrations whose files were edited on purpose. */
export function repairHistory(ctx: HistoryContext): Promise<HistoryChange[]> {
  return locked(ctx, async (sql) => {
    const plan = planMigrations(ctx.bundle.migrations, (await readDatabaseState(sql)).rows)
    const changes: HistoryChange[] = []
    for (const { migration: m, row } of plan.drifted) {
      if (!row) continue
      await sql.unsafe(`UPDATE ${MIGRATIONS_TABLE_QUALIFIED} SET hash = $1 WHERE id = $2`, [m.hash, row.id])
      changes.push({
        migration: m.tag,
        createdAt: m.createdAt,
        action: 'rehashed',
        oldHash: row.hash,
        hash: m.hash,
      })
    }
    return changes
  })
}

/** `resolve --applied <tag>`: records a migration as applied without running it. */
export function resolveApplied(ctx: HistoryContext, tag: string): Promise<HistoryChange[]> {
  const m = findMigration(ctx.bundle, tag)
  return locked(ctx, async (sql) => {
    const state = await readDatabaseState(sql)
    const plan = planMigrations(ctx.bundle.migrations, state.rows)
    const entry = plan.entries.find((e) => e.migration === m)
    if (entry?.row) {
      throw new HistoryEditRefusedError(
        `${tag} is already recorded (${entry.state}); resolve changes nothing. Use \`repair\` if its file was edited since.`,
        { migration: tag, state: entry.state },
      )
    }
    return [await record(sql, m, state.tableVersion)]
  })
}

/** `baseline --to <tag>`: adopts a database that has the schema but no journal. */
export function baselineTo(ctx: HistoryContext, tag: string): Promise<HistoryChange[]> {
  const target = findMigration(ctx.bundle, tag)
  return locked(
    ctx,
    async (sql) => {
      const state = await readDatabaseState(sql)
      if (state.rows.length > 0) {
        throw new HistoryEditRefusedError(
          `Database "${state.database}" already records ${state.rows.length} migration(s): baseline is for a database without a journal. Use \`resolve --applied <tag>\` for single migrations.`,
          { database: state.database, recorded: state.rows.length },
        )
      }
      if (state.tableCount === 0) {
        throw new HistoryEditRefusedError(
          `Database "${state.database}" has no tables: there is nothing to adopt. Run \`apply\` instead.`,
          { database: state.database },
        )
      }
      await ensureMigrationsTable(sql, ctx.bundle.layout)
      const { tableVersion } = await readDatabaseState(sql)
      const changes: HistoryChange[] = []
      await sql.begin(async (tx) => {
        for (const m of ctx.bundle.migrations.slice(0, target.index + 1))
          changes.push(await record(tx, m, tableVersion))
      })
      return changes
    },
    false,
  )
}

/** A person-readable line per change: exactly what the command wrote. */
export function formatChanges(command: string, changes: HistoryChange[]): string {
  if (changes.length === 0) return `${command}: nothing to change`
  const lines = changes.map((c) =>
    c.action === 'rehashed'
      ? `rehashed ${c.migration} (created_at ${c.createdAt}): ${c.oldHash} -> ${c.hash}`
      : `recorded ${c.migration} as applied (created_at ${c.createdAt}, hash ${c.hash})`,
  )
  return [...lines, `${command}: ${changes.length} row(s) of drizzle.__drizzle_migrations changed`].join('\n')
}

function locked(
  ctx: HistoryContext,
  work: (sql: Sql) => Promise<HistoryChange[]>,
  ensureTable = true,
): Promise<HistoryChange[]> {
  return withMigrationSession(ctx.config, ctx.service, ctx.log, async (sql) => {
    if (ensureTable) await ensureMigrationsTable(sql, ctx.bundle.layout)
    return work(sql)
  })
}

async function record(
  sql: Pick<Sql, 'unsafe'>,
  m: BundledMigration,
  tableVersion: 0 | 1,
): Promise<HistoryChange> {
  await sql.unsafe(...journalRowInsert(m, tableVersion))
  return { migration: m.tag, createdAt: m.createdAt, action: 'recorded', hash: m.hash }
}

function findMigration(bundle: MigrationBundle, tag: string): BundledMigration {
  const m = bundle.migrations.find((x) => x.tag === tag || `${x.tag}.sql` === tag)
  if (!m) {
    throw new UnknownMigrationError(
      `No migration "${tag}" in ${bundle.folder}. Use a tag from \`status\`, e.g. ${bundle.migrations.at(-1)?.tag}.`,
      { migration: tag },
    )
  }
  return m
}
