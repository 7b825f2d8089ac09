export { runCli } from './cli.js'
export { type Finding, lintSql } from './lint-sql.js'
export { RULES, type Rule } from './rules.js'
export { splitStatements } from './statements.js'
