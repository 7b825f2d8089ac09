/** One SQL statement of a migration file, with where it starts and the lint acknowledgements before it. */
export interface Statement {
  /** The statement without comments, whitespace collapsed. */
  text: string
  /** 1-based line of the statement's first character in the file. */
  line: number
  /** `-- lint:allow <rule> <reason>` comments written inside or directly before the statement. */
  allows: Allow[]
}

export interface Allow {
  rule: string
  reason: string
  line: number
}

const ALLOW = /^--\s*lint:allow\s+(\S+)\s*(.*)$/

/**
 * Splits SQL on top-level `;` (drizzle's `--> statement-breakpoint` markers are comments), leaving
 * quoted strings, quoted identifiers and dollar-quoted bodies (functions, DO blocks) intact.
 */
export function splitStatements(sql: string): Statement[] {
  const out: Statement[] = []
  let text = ''
  let allows: Allow[] = []
  let start = -1
  let line = 1
  const flush = () => {
    const collapsed = text.replace(/\s+/g, ' ').trim()
    if (collapsed) out.push({ text: collapsed, line: start, allows })
    else if (allows.length > 0 && out.length > 0) out[out.length - 1]?.allows.push(...allows)
    text = ''
    allows = []
    start = -1
  }
  for (let i = 0; i < sql.length; ) {
    const ch = sql[i] as string
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      const comment = sql.slice(i, end === -1 ? sql.length : end).trim()
      const m = ALLOW.exec(comment)
      if (m) allows.push({ rule: m[1] as string, reason: (m[2] ?? '').trim(), line })
      i = end === -1 ? sql.length : end
      continue
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      const stop = end === -1 ? sql.length : end + 2
      line += countLines(sql.slice(i, stop))
      text += ' '
      i = stop
      continue
    }
    if (ch === ';') {
      flush()
      i++
      continue
    }
    const quoted = readQuoted(sql, i)
    if (start === -1 && !/\s/.test(ch)) start = line
    const chunk = quoted ?? ch
    text += chunk
    line += countLines(chunk)
    i += chunk.length
  }
  flush()
  return out
}

/** A '...' string, "..." identifier or $tag$...$tag$ body starting at `i`, or undefined. */
function readQuoted(sql: string, i: number): string | undefined {
  const ch = sql[i]
  if (ch === "'" || ch === '"') {
    let j = i + 1
    while (j < sql.length) {
      if (sql[j] === ch && sql[j + 1] === ch) j += 2
      else if (sql[j] === ch) break
      else j++
    }
    return sql.slice(i, j + 1)
  }
  if (ch === '$') {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0]
    if (!tag) return undefined
    const end = sql.indexOf(tag, i + tag.length)
    return sql.slice(i, end === -1 ? sql.length : end + tag.length)
  }
  return undefined
}

function countLines(s: string): number {
  let n = 0
  for (const c of s) if (c === '\n') n++
  return n
}
