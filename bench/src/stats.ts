/** Summary of repeated samples: the bench quotes medians, since the machines are noisy. */
export interface Summary {
  n: number
  median: number
  p95: number
  min: number
  max: number
}

/** The q-quantile (0..1) by linear interpolation between closest ranks. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  const a = sorted[lo] as number
  const b = sorted[hi] as number
  return a + (b - a) * (pos - lo)
}

export const median = (samples: readonly number[]): number => quantile(samples, 0.5)

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: median(samples),
    p95: quantile(samples, 0.95),
    min: Math.min(...samples),
    max: Math.max(...samples),
  }
}

/** ours / baseline, NaN when the baseline is zero or missing. */
export function ratio(ours: number, baseline: number): number {
  return baseline > 0 ? ours / baseline : Number.NaN
}

/** Rounds for display and JSON: 3 significant decimals below 10, 1 decimal above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value
  return Math.abs(value) < 10 ? Math.round(value * 1000) / 1000 : Math.round(value * 10) / 10
}
