import { createdTable, type LintContext, parseStatement, RULE_IDS, RULES } from './rules.js'
import { splitStatements } from './statements.js'

export interface Finding {
  rule: string
  line: number
  message: string
  /** The first characters of the offending statement. */
  statement: string
  /** Set when a `-- lint:allow <rule> <reason>` comment acknowledges it: reviewed, not an error. */
  acknowledged?: string
}

/** Lints one migration file's SQL. Acknowledgements must name a known rule, give a reason and be used. */
export async function lintSql(sql: string): Promise<Finding[]> {
  const statements = await splitStatements(sql)
  const context: LintContext = {
    createdTables: new Set(statements.map((s) => createdTable(s.text)).filter((t) => t !== undefined)),
  }
  const findings: Finding[] = []
  for (const statement of statements) {
    const parsed = parseStatement(statement.text)
    const excerpt = statement.text.length > 100 ? `${statement.text.slice(0, 97)}...` : statement.text
    const used = new Set<string>()
    for (const rule of RULES) {
      if (!rule.check(parsed, context)) continue
      const allow = statement.allows.find((a) => a.rule === rule.id && a.reason)
      if (allow) used.add(rule.id)
      findings.push({
        rule: rule.id,
        line: statement.line,
        message: rule.message,
        statement: excerpt,
        ...(allow ? { acknowledged: allow.reason } : {}),
      })
    }
    for (const allow of statement.allows) findings.push(...checkAllow(allow, used, excerpt))
  }
  return findings
}

function checkAllow(
  allow: { rule: string; reason: string; line: number },
  used: Set<string>,
  statement: string,
): Finding[] {
  const problem = !RULE_IDS.has(allow.rule)
    ? `lint:allow names an unknown rule "${allow.rule}": use one of ${[...RULE_IDS].join(', ')}.`
    : !allow.reason
      ? `lint:allow ${allow.rule} needs a reason: say why this operation is safe here.`
      : !used.has(allow.rule)
        ? `lint:allow ${allow.rule} acknowledges nothing in the statement after it: remove it.`
        : undefined
  return problem ? [{ rule: 'invalid-allow', line: allow.line, message: problem, statement }] : []
}
