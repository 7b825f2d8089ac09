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

type Parser = typeof import('libpg-query')
let parser: Promise<Parser> | undefined

/** PostgreSQL's own parser (WebAssembly), loaded once on first use. */
function loadParser(): Promise<Parser> {
  parser ??= import('libpg-query').then(async (m) => {
    await m.loadModule()
    return m
  })
  return parser
}

/**
 * Splits a migration file with PostgreSQL's parser (drizzle's `--> statement-breakpoint` markers are
 * comments to it) and its scanner, which finds the comments: quoting and dollar-quoted bodies are the
 * parser's business, not ours. Offsets from the parser are bytes of the UTF-8 text.
 */
export async function splitStatements(sql: string): Promise<Statement[]> {
  const { parseSync, scanSync } = await loadParser()
  const bytes = Buffer.from(sql, 'utf8')
  const lineAt = (offset: number) => bytes.subarray(0, offset).toString('utf8').split('\n').length
  const comments = scanSync(sql).tokens.filter((t) => t.tokenName.endsWith('_COMMENT'))
  const out: Statement[] = []
  let previousEnd = 0
  for (const raw of parseSync(sql).stmts ?? []) {
    const start = raw.stmt_location ?? 0
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length
    const inside = comments.filter((c) => c.start >= start && c.end <= end)
    let text = ''
    let at = start
    for (const c of inside) {
      text += `${bytes.subarray(at, c.start).toString('utf8')} `
      at = c.end
    }
    text += bytes.subarray(at, end).toString('utf8')
    const allows = comments
      .filter((c) => c.start >= previousEnd && c.end <= end)
      .flatMap((c) => allowOf(c.text, lineAt(c.start)))
    const firstToken =
      start +
      (bytes.subarray(start, end).toString('utf8').length -
        bytes.subarray(start, end).toString('utf8').trimStart().length)
    out.push({ text: text.replace(/\s+/g, ' ').trim(), line: lineAt(firstToken), allows })
    previousEnd = end
  }
  // Acknowledgements after the last statement belong to it.
  const trailing = comments
    .filter((c) => c.start >= previousEnd)
    .flatMap((c) => allowOf(c.text, lineAt(c.start)))
  if (trailing.length > 0) out.at(-1)?.allows.push(...trailing)
  return out
}

function allowOf(comment: string, line: number): Allow[] {
  const m = ALLOW.exec(comment.trim())
  return m ? [{ rule: m[1] as string, reason: (m[2] ?? '').trim(), line }] : []
}
