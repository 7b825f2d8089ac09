import { BatchDuplicateKeyError, BatchTooLargeError } from '../errors.js'

/** Items per ingestion request: bounds the statement size and the time a request holds locks. */
export const MAX_BATCH_ITEMS = 1000

export function checkBatchSize(count: number): void {
  if (count > MAX_BATCH_ITEMS) throw new BatchTooLargeError(count, MAX_BATCH_ITEMS)
}

/**
 * Refuses a batch that names the same natural key twice: PostgreSQL cannot apply `ON CONFLICT DO
 * UPDATE` to one row twice in a statement, and which of the two should win is the client's call.
 */
export function checkUniqueKeys<T>(items: readonly T[], keyOf: (item: T) => string, keyName: string): void {
  const seen = new Map<string, number>()
  for (const [index, item] of items.entries()) {
    const key = keyOf(item)
    const first = seen.get(key)
    if (first !== undefined) {
      throw new BatchDuplicateKeyError(
        `body.${index} repeats the ${keyName} of body.${first} (${key}); send each ${keyName} once per batch`,
      )
    }
    seen.set(key, index)
  }
}
