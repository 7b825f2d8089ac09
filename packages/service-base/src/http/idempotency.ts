import createError from '@fastify/error'
import { and, eq, type SQL, sql } from 'drizzle-orm'
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

export interface IdempotentRunOptions {
  /** The status of the created answer: 201 unless said. */
  statusCode?: number
  /**
   * `create` is atomic on its own: one statement, or a transaction it opens itself. Without a key it
   * then gets the pool's handle instead of a transaction of ours, whose BEGIN and COMMIT would be two
   * more round trips around work that is atomic anyway. With a key it always runs inside the
   * transaction that claims the key and stores the answer.
   */
  atomic?: boolean
}

/** Runs creating requests at most once per Idempotency-Key within `ttlSeconds`. */
export interface Idempotency<TDb> {
  run<T>(
    request: IdempotentRequest,
    create: (tx: TDb) => Promise<T>,
    options?: IdempotentRunOptions,
  ): Promise<IdempotentResult<T>>
}

/**
 * Keys bound to `db`, living `ttlSeconds`. The key is claimed first with INSERT ... ON CONFLICT: a
 * concurrent retry's INSERT blocks on the primary key until the first transaction ends, then either
 * conflicts (and reads the committed answer) or, if the first rolled back, claims the key itself.
 * An expired key is claimed again in the same statement, so expiry never depends on the purge
 * having run. Only successes are stored: a failed request leaves no key behind. Each statement goes
 * prepared: one round trip, not the two of drizzle's unprepared default.
 */
export function createIdempotency<TDb extends AnyDb>(
  db: TDb,
  options: { ttlSeconds: number },
): Idempotency<TDb> {
  const expired = sql`${idempotencyKeys.createdAt} < now() - make_interval(secs => ${options.ttlSeconds})`
  return {
    async run<T>(
      request: IdempotentRequest,
      create: (tx: TDb) => Promise<T>,
      runOptions: IdempotentRunOptions = {},
    ) {
      const { key, scope } = request
      const statusCode = runOptions.statusCode ?? 201
      if (key === undefined) {
        const body = runOptions.atomic
          ? await create(db)
          : await db.transaction((tx) => create(tx as unknown as TDb))
        return { statusCode, body, replayed: false }
      }
      const requestHash = fingerprintRequest(request.body)
      const thisKey = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))
      return db.transaction(async (tx) => {
        if (!(await claimKey(tx, { scope, key, requestHash }, expired))) {
          return replayStored<T>(tx, thisKey, key, requestHash)
        }
        const body = await create(tx as unknown as TDb)
        await tx
          .update(idempotencyKeys)
          .set({ statusCode, responseBody: body })
          .where(thisKey)
          .prepare('svc_idempotency_store')
          .execute()
        return { statusCode, body, replayed: false }
      })
    },
  }
}

/** Claims the key (new, or expired); false when another request holds it. */
async function claimKey(
  tx: AnyDb,
  row: { scope: string; key: string; requestHash: string },
  expired: SQL,
): Promise<boolean> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values(row)
    .onConflictDoUpdate({
      target: [idempotencyKeys.scope, idempotencyKeys.key],
      set: { requestHash: row.requestHash, statusCode: null, responseBody: null, createdAt: sql`now()` },
      setWhere: expired,
    })
    .returning({ key: idempotencyKeys.key })
    .prepare('svc_idempotency_claim')
    .execute()
  return claimed.length > 0
}

/** The answer stored for a key someone else claimed, if it is for this same request. */
async function replayStored<T>(
  tx: AnyDb,
  thisKey: SQL | undefined,
  key: string,
  requestHash: string,
): Promise<IdempotentResult<T>> {
  // READ COMMITTED: this new statement sees the row the other transaction committed.
  const [stored] = await tx
    .select()
    .from(idempotencyKeys)
    .where(thisKey)
    .prepare('svc_idempotency_read')
    .execute()
  if (!stored || stored.statusCode === null) throw new IdempotencyKeyInFlightError(key)
  if (stored.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key)
  return { statusCode: stored.statusCode, body: stored.responseBody as T, replayed: true }
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
