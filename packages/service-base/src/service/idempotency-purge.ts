import type { FastifyInstance } from 'fastify'
import type { Sql } from 'postgres'
import { idempotencyKeys } from '../http/idempotency-keys.js'

/** Whether the service's drizzle schema holds the shared `idempotency_keys` table. */
export function usesIdempotency(schema: Record<string, unknown>): boolean {
  return Object.values(schema).includes(idempotencyKeys)
}

/** Deletes the keys older than `ttlSeconds`; returns how many went. */
export async function purgeExpiredIdempotencyKeys(sql: Sql, ttlSeconds: number): Promise<number> {
  const result = await sql`
    DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => ${ttlSeconds})`
  return result.count
}

/**
 * Purges expired keys once when the service is ready and then every `ttlSeconds / 4` (at most
 * hourly), so the table holds about one TTL of keys. The timer is unref'd and cleared on close:
 * it never keeps a process alive. A failed purge is only logged; the next one catches up, and an
 * expired key is reclaimable anyway (see createIdempotency).
 */
export function installIdempotencyPurge(app: FastifyInstance, sql: Sql, ttlSeconds: number): void {
  const everyMs = Math.min(ttlSeconds * 250, 3_600_000)
  let timer: NodeJS.Timeout | undefined
  const purge = async () => {
    try {
      const purged = await purgeExpiredIdempotencyKeys(sql, ttlSeconds)
      if (purged > 0) app.log.info({ purged, ttlSeconds }, 'expired idempotency keys purged')
    } catch (err) {
      app.log.warn(
        { code: (err as { code?: unknown }).code },
        'purging expired idempotency keys failed; retrying later',
      )
    }
  }
  app.addHook('onListen', async () => {
    void purge()
    timer = setInterval(purge, everyMs).unref()
  })
  app.addHook('onClose', async () => {
    clearInterval(timer)
  })
}
