/** A possibly schema-qualified, possibly quoted name: `"public"."orders"`, `orders`, `public.orders`. */
export const QUALIFIED_NAME = String.raw`((?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*))?)`

/** The table part of a qualified name, as PostgreSQL folds it (`"public"."Orders"` → `Orders`, `Foo` → `foo`). */
export function tableName(qualified: string): string {
  const parts = qualified.match(/"(?:[^"]|"")+"|[^\s."]+/g) ?? [qualified]
  const last = parts[parts.length - 1] ?? qualified
  return last.startsWith('"') ? last.slice(1, -1).replaceAll('""', '"') : last.toLowerCase()
}

/** Splits on `sep` outside parentheses and quotes: the actions of one `ALTER TABLE`. */
export function splitTopLevel(text: string, sep = ','): string[] {
  const parts: string[] = []
  let depth = 0
  let quote: string | undefined
  let current = ''
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined
    } else if (ch === "'" || ch === '"') quote = ch
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === sep && depth === 0) {
      parts.push(current.trim())
      current = ''
      continue
    }
    current += ch
  }
  if (current.trim()) parts.push(current.trim())
  return parts
}
