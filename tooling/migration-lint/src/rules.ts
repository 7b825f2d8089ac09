import { QUALIFIED_NAME, splitTopLevel, tableName } from './sql-names.js'

/** One statement as the rules see it. */
export interface ParsedStatement {
  text: string
  /** For `ALTER TABLE`: the table and each comma-separated action. */
  alter?: { table: string; actions: string[] }
}

export interface LintContext {
  /** Tables created by this same migration: empty and unseen by traffic, so nothing on them is risky. */
  createdTables: ReadonlySet<string>
}

export interface Rule {
  id: string
  /** What the operation does to a busy table, and the safe way to do it. */
  message: string
  check(statement: ParsedStatement, context: LintContext): boolean
}

const ALTER_TABLE = new RegExp(`^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${QUALIFIED_NAME} (.*)$`, 'i')
const CREATE_TABLE = new RegExp(
  `^CREATE (?:UNLOGGED |TEMP |TEMPORARY )?TABLE (?:IF NOT EXISTS )?${QUALIFIED_NAME}`,
  'i',
)
const CREATE_INDEX = new RegExp(
  String.raw`^CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?(?:\S+ )?ON (?:ONLY )?${QUALIFIED_NAME}`,
  'i',
)

/** Parses the parts of a statement the rules need. */
export function parseStatement(text: string): ParsedStatement {
  const m = ALTER_TABLE.exec(text)
  if (!m) return { text }
  return { text, alter: { table: tableName(m[1] as string), actions: splitTopLevel(m[2] as string) } }
}

/** The table a `CREATE TABLE` statement creates, if it is one. */
export function createdTable(text: string): string | undefined {
  const m = CREATE_TABLE.exec(text)
  return m ? tableName(m[1] as string) : undefined
}

/** An `ALTER TABLE` action on a table that existed before this migration. */
function onExistingTable(test: (action: string) => boolean): (s: ParsedStatement, c: LintContext) => boolean {
  return (s, c) => !!s.alter && !c.createdTables.has(s.alter.table) && s.alter.actions.some(test)
}

const ADD_COLUMN = /^ADD (?:COLUMN )?(?!CONSTRAINT\b|CHECK\b|UNIQUE\b|PRIMARY\b|FOREIGN\b|EXCLUDE\b)/i
const ADD_CONSTRAINT = /^ADD (?:CONSTRAINT (?:"(?:[^"]|"")+"|\S+) )?/i
const VOLATILE_DEFAULT =
  /\bDEFAULT\b.*\b(gen_random_uuid|uuid_generate_v\d\w*|random|clock_timestamp|timeofday|nextval)\s*\(/i

/** The rules, in the order findings are reported. Each one is unit-tested with SQL that must and must not trigger it. */
export const RULES: readonly Rule[] = [
  {
    id: 'create-index-blocking',
    message:
      'CREATE INDEX without CONCURRENTLY blocks writes to the table while the index builds: use CREATE INDEX CONCURRENTLY (the runner then applies the migration outside a transaction).',
    check: (s, c) => {
      const m = CREATE_INDEX.exec(s.text)
      return !!m && !m[1] && !c.createdTables.has(tableName(m[2] as string))
    },
  },
  {
    id: 'drop-index-blocking',
    message:
      'DROP INDEX without CONCURRENTLY takes an exclusive lock on the table: use DROP INDEX CONCURRENTLY.',
    check: (s) => /^DROP INDEX (?!CONCURRENTLY\b)/i.test(s.text),
  },
  {
    id: 'add-column-not-null-without-default',
    message:
      'Adding a NOT NULL column without a DEFAULT fails on a table with rows and breaks writers of the previous release: add it nullable (or with a constant default), backfill, then add a NOT VALID check.',
    check: onExistingTable(
      (a) => ADD_COLUMN.test(a) && /\bNOT NULL\b/i.test(a) && !/\bDEFAULT\b|\bGENERATED\b/i.test(a),
    ),
  },
  {
    id: 'add-column-volatile-default',
    message:
      'A column default that is volatile (random(), gen_random_uuid(), clock_timestamp(), nextval()) rewrites the whole table under an exclusive lock: add the column without it, then set the default and backfill in batches.',
    check: onExistingTable((a) => ADD_COLUMN.test(a) && VOLATILE_DEFAULT.test(a)),
  },
  {
    id: 'alter-column-type',
    message:
      'Changing a column type rewrites the table (and its indexes) under an exclusive lock and breaks readers of the previous release: add a new column, backfill, switch readers, then drop the old one.',
    check: onExistingTable((a) => /^ALTER (?:COLUMN )?\S+ (?:SET DATA )?TYPE\b/i.test(a)),
  },
  {
    id: 'set-not-null',
    message:
      'SET NOT NULL scans the whole table under an exclusive lock: add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL skips the scan).',
    check: onExistingTable((a) => /^ALTER (?:COLUMN )?\S+ SET NOT NULL\b/i.test(a)),
  },
  {
    id: 'drop-column',
    message:
      'Dropping a column breaks the previous release, which still reads it during a rolling deploy: stop using it in one release, drop it in a later one.',
    check: onExistingTable((a) => /^DROP (?!CONSTRAINT\b)/i.test(a)),
  },
  {
    id: 'drop-table',
    message:
      'Dropping a table loses its data and breaks the previous release: stop using it in one release, drop it in a later one after a backup.',
    check: (s) => /^DROP TABLE\b/i.test(s.text),
  },
  {
    id: 'add-foreign-key-validated',
    message:
      'Adding a FOREIGN KEY validates every row while locking both tables: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration.',
    check: onExistingTable(
      (a) => ADD_CONSTRAINT.test(a) && /\bFOREIGN KEY\b/i.test(a) && !/\bNOT VALID\b/i.test(a),
    ),
  },
  {
    id: 'add-check-validated',
    message:
      'Adding a CHECK constraint scans the table under an exclusive lock: add it NOT VALID, then VALIDATE CONSTRAINT in a later migration.',
    check: onExistingTable(
      (a) => new RegExp(`${ADD_CONSTRAINT.source}CHECK\\b`, 'i').test(a) && !/\bNOT VALID\b/i.test(a),
    ),
  },
  {
    id: 'add-unique-blocking',
    message:
      'Adding a UNIQUE or PRIMARY KEY constraint builds its index under an exclusive lock: CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX.',
    check: onExistingTable(
      (a) =>
        new RegExp(`${ADD_CONSTRAINT.source}(UNIQUE|PRIMARY KEY)\\b`, 'i').test(a) &&
        !/\bUSING INDEX\b/i.test(a),
    ),
  },
  {
    id: 'rename',
    message:
      'Renaming a table or column breaks the previous release during a rolling deploy: add the new name, dual-write, switch readers, then drop the old one.',
    check: (s) =>
      (!!s.alter && s.alter.actions.some((a) => /^RENAME\b/i.test(a))) ||
      /^ALTER (?:TABLE|VIEW|MATERIALIZED VIEW|SCHEMA|INDEX|SEQUENCE) .* RENAME\b/i.test(s.text),
  },
]

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id))
