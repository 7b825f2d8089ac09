/** `pnpm test` runs the fast part (CI); `pnpm test:reliability` sets RELIABILITY_FULL=1 for the whole of it. */
export const FULL = process.env.RELIABILITY_FULL === '1'

/** The fast value in CI, the full one under RELIABILITY_FULL=1. */
export function budget<T>(fast: T, full: T): T {
  return FULL ? full : fast
}

/** A seed from RELIABILITY_SEED, or a fresh one; printed so a failing run can be replayed. */
export function seedFor(suite: string): number {
  const given = Number(process.env.RELIABILITY_SEED)
  const seed = Number.isInteger(given) && given > 0 ? given : Date.now() % 2 ** 31
  console.warn(`[${suite}] seed ${seed} (replay with RELIABILITY_SEED=${seed})`)
  return seed
}

/** mulberry32: a small seeded PRNG, so kill points are reproducible from the printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
