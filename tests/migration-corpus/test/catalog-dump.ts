import type { Sql } from 'postgres'

/*
 * Everything a migration can create outside the system schemas, as text PostgreSQL itself renders
 * (pg_get_*def), sorted: two databases with equal dumps have the same schema. Table contents are
 * compared by checksum, leaving out columns whose default is now() (they differ between runs).
 */
const CATALOG = `
WITH ns AS (
  SELECT oid, nspname FROM pg_namespace
   WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'
)
SELECT kind, name, def FROM (
  SELECT 'schema' AS kind, nspname AS name, '' AS def FROM ns
  UNION ALL
  SELECT 'column', ns.nspname || '.' || c.relname || '.' || a.attname,
         format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
           || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
  UNION ALL
  SELECT 'constraint', ns.nspname || '.' || conname, pg_get_constraintdef(co.oid)
    FROM pg_constraint co JOIN ns ON ns.oid = co.connamespace
  UNION ALL
  SELECT 'index', ns.nspname || '.' || c.relname, pg_get_indexdef(i.indexrelid) || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN ns ON ns.oid = c.relnamespace
  UNION ALL
  SELECT 'enum', ns.nspname || '.' || t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN ns ON ns.oid = t.typnamespace
   GROUP BY ns.nspname, t.typname
  UNION ALL
  SELECT 'function', ns.nspname || '.' || p.proname, pg_get_functiondef(p.oid)
    FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
  UNION ALL
  SELECT 'trigger', ns.nspname || '.' || tg.tgname, pg_get_triggerdef(tg.oid)
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN ns ON ns.oid = c.relnamespace
   WHERE NOT tg.tgisinternal
  UNION ALL
  SELECT 'sequence', ns.nspname || '.' || c.relname, ''
    FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'S'
) x ORDER BY kind, name`

export interface CatalogDump {
  objects: string[]
  data: Record<string, string>
}

export async function dumpCatalog(sql: Sql): Promise<CatalogDump> {
  const rows = await sql.unsafe(CATALOG)
  const objects = rows.map((r) => `${r.kind} ${r.name} ${r.def}`.trim())
  const data: Record<string, string> = {}
  const tables = await sql`
    SELECT n.nspname AS schema, c.relname AS name,
           array_to_string(array_agg(quote_ident(a.attname) ORDER BY a.attnum), ', ') AS columns
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drizzle')
       AND n.nspname NOT LIKE 'pg\\_%'
       AND coalesce(pg_get_expr(d.adbin, d.adrelid), '') NOT LIKE '%now()%'
     GROUP BY n.nspname, c.relname ORDER BY 1, 2`
  for (const t of tables) {
    const q = `"${t.schema}"."${t.name}"`
    const [r] = await sql.unsafe(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(row_text, E'\\n' ORDER BY row_text), '')) AS sum
         FROM (SELECT ROW(${t.columns})::text AS row_text FROM ${q}) x`,
    )
    data[`${t.schema}.${t.name}`] = `${r?.n} rows ${r?.sum}`
  }
  return { objects, data }
}

/** drizzle's journal, as both engines must leave it. */
export async function journalRows(sql: Sql): Promise<Array<{ hash: string; created_at: string }>> {
  return (await sql`SELECT hash, created_at::text FROM drizzle.__drizzle_migrations ORDER BY id`) as unknown as Array<{
    hash: string
    created_at: string
  }>
}
