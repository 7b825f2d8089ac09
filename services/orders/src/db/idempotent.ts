import { and, eq } from 'drizzle-orm'
import { fingerprintRequest } from '../domain/request-fingerprint.js'
import { IdempotencyKeyConflictError, IdempotencyKeyReusedError } from '../errors.js'
import type { OrdersDb } from './database.js'
import { idempotencyKeys } from './schema.js'

export interface IdempotentRequest {
  /** The endpoint, e.g. `POST /api/v1/orders`: the same key may be used once per endpoint. */
  scope: string
  key: string | undefined
  /** The validated request body the key is bound to. */
  body: unknown
}

export interface IdempotentResult<T> {
  statusCode: number
  body: T
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean
}

/**
 * Runs `create` in a transaction, at most once per Idempotency-Key. The key is claimed first with
 * INSERT ... ON CONFLICT DO NOTHING: a concurrent retry's INSERT blocks on the primary key until the
 * first transaction ends, then either conflicts (and reads the committed answer) or, if the first
 * rolled back, claims the key itself. No check-then-insert window exists. Only successes are stored:
 * a failed request leaves no key behind, so the client can correct it and retry with the same key.
 */
export async function runIdempotent<T>(
  db: OrdersDb,
  request: IdempotentRequest,
  create: (tx: OrdersDb) => Promise<T>,
  statusCode = 201,
): Promise<IdempotentResult<T>> {
  const { key, scope } = request
  if (key === undefined) return { statusCode, body: await db.transaction(create), replayed: false }
  const requestHash = fingerprintRequest(request.body)
  const thisKey = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key })
    if (claimed.length === 0) {
      // READ COMMITTED: this new statement sees the row the other transaction committed.
      const [stored] = await tx.select().from(idempotencyKeys).where(thisKey)
      if (!stored || stored.statusCode === null) throw new IdempotencyKeyConflictError(key)
      if (stored.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key)
      return { statusCode: stored.statusCode, body: stored.responseBody as T, replayed: true }
    }
    const body = await create(tx)
    await tx.update(idempotencyKeys).set({ statusCode, responseBody: body }).where(thisKey)
    return { statusCode, body, replayed: false }
  })
}
