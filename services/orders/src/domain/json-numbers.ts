/**
 * The path (`body.lines.0.quantity`) of the first JSON number found under one of `fields`, or
 * undefined. Ajv would coerce a number into a string silently; money must arrive as a string.
 */
export function findJsonNumber(
  value: unknown,
  fields: ReadonlySet<string>,
  path = 'body',
): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findJsonNumber(item, fields, `${path}.${i}`)
      if (found) return found
    }
    return undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (fields.has(key) && typeof item === 'number') return `${path}.${key}`
    const found = findJsonNumber(item, fields, `${path}.${key}`)
    if (found) return found
  }
  return undefined
}
