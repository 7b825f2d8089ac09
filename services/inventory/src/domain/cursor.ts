import { CursorInvalidError } from '../errors.js'

/**
 * Keyset pagination cursors: the sort key of the last item of a page, opaque to clients
 * (base64url JSON) so the key can change without breaking their code.
 */
export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify({ k: key })).toString('base64url')
}

/** Decodes a cursor of the expected kind; a 400 error for anything else. */
export function decodeCursor<K extends 'string' | 'number'>(
  cursor: string,
  kind: K,
): K extends 'string' ? string : number {
  let key: unknown
  try {
    key = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown }).k
  } catch {
    throw new CursorInvalidError()
  }
  const valid = kind === 'number' ? Number.isSafeInteger(key) : typeof key === 'string'
  if (!valid) throw new CursorInvalidError()
  return key as K extends 'string' ? string : number
}
