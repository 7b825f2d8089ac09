import { describe, expect, it } from 'vitest'
import { median, quantile, ratio, summarize } from './stats.js'

describe('stats', () => {
  it('takes the middle of an odd sample and interpolates an even one', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('computes p95 between the closest ranks', () => {
    const samples = Array.from({ length: 21 }, (_, i) => i)
    expect(quantile(samples, 0.95)).toBe(19)
    expect(summarize(samples)).toMatchObject({ n: 21, median: 10, min: 0, max: 20 })
  })

  it('gives NaN for a ratio against nothing', () => {
    expect(ratio(2, 4)).toBe(0.5)
    expect(ratio(1, 0)).toBeNaN()
  })
})
