import createError from '@fastify/error'
import { and, eq, sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { Type } from 'typebox'
import { RequestErrorCode } from './error-codes.js'
import { idempotencyKeys } from './idempotency-keys.js'
import { fingerprintRequest } from './request-fingerprint.js'

// biome-ignore lint/suspicious/noExplicitAny: any service's drizzle handle or transaction.
type AnyDb = PgDatabase<PgQueryResultHKT, any>

export const IdempotencyKeyReusedError = createError<string, number, [string]>(
  RequestErrorCode.idempotencyKeyReused,
  'Idempotency-Key "%s" was already used with a different request body; use a new key for a new request.',
  422,
)

export const IdempotencyKeyInFlightError = createError<string, number, [string]>(
  RequestErrorCode.idempotencyKeyInFlight,
  'Idempotency-Key "%s" changed while this request ran; retry the request.',
  409,
)

/** The `Idempotency-Key` request header, for the `headers` schema of a creating POST. */
export const IdempotencyKeyHeader = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[\\x21-\\x7E]+$',
  description:
    'Makes the POST safe to retry: the same key and body return the first answer and create nothing new. Keys expire after IDEMPOTENCY_TTL_HOURS (24 by default).',
})

export const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKeyHeader) })

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

/** Runs creating requests at most once per Idempotency-Key within `ttlSeconds`. */
export interface Idempotency<TDb> {
  run<T>(
    request: IdempotentRequest,
    create: (tx: TDb) => Promise<T>,
    statusCode?: number,
  ): Promise<IdempotentResult<T>>
}

/**
 * Keys bound to `db`, living `ttlSeconds`. The key is claimed first with INSERT ... ON CONFLICT: a
 * concurrent retry's INSERT blocks on the primary key until the first transaction ends, then either
 * conflicts (and reads the committed answer) or, if the first rolled back, claims the key itself.
 * An expired key is claimed again in the same statement, so expiry never depends on the purge
 * having run. Only successes are stored: a failed request leaves no key behind.
 */
export function createIdempotency<TDb extends AnyDb>(
  db: TDb,
  options: { ttlSeconds: number },
): Idempotency<TDb> {
  const expired = sql`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${options.ttlSeconds})`
  return {
    async run<T>(request: IdempotentRequest, create: (tx: TDb) => Promise<T>, statusCode = 201) {
      const { key, scope } = request
      if (key === undefined) {
        return {
          statusCode,
          body: await db.transaction((tx) => create(tx as unknown as TDb)),
          replayed: false,
        }
      }
      const requestHash = fingerprintRequest(request.body)
      const thisKey = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))
      return db.transaction(async (tx) => {
        const claimed = await tx
          .insert(idempotencyKeys)
          .values({ scope, key, requestHash })
          .onConflictDoUpdate({
            target: [idempotencyKeys.scope, idempotencyKeys.key],
            set: { requestHash, statusCode: null, responseBody: null, createdAt: sql`now()` },
            setWhere: expired,
          })
          .returning({ key: idempotencyKeys.key })
        if (claimed.length === 0) {
          // READ COMMITTED: this new statement sees the row the other transaction committed.
          const [stored] = await tx.select().from(idempotencyKeys).where(thisKey)
          if (!stored || stored.statusCode === null) throw new IdempotencyKeyInFlightError(key)
          if (stored.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key)
          return { statusCode: stored.statusCode, body: stored.responseBody as T, replayed: true }
        }
        const body = await create(tx as unknown as TDb)
        await tx.update(idempotencyKeys).set({ statusCode, responseBody: body }).where(thisKey)
        return { statusCode, body, replayed: false }
      })
    },
  }
}

/**
 * Prepares the reply to an idempotent result: its status, `Idempotent-Replayed: true` on a replay,
 * `Location` when the created resource has one. Returns the body for the handler to return.
 */
export function replyIdempotent<T>(
  reply: { header(name: string, value: string): unknown; code(status: number): unknown },
  result: IdempotentResult<T>,
  location?: string,
): T {
  if (result.replayed) reply.header('idempotent-replayed', 'true')
  if (location) reply.header('location', location)
  reply.code(result.statusCode)
  return result.body
}
