import type { MeasurementResult } from '../result.js'
import { ratio, summarize } from '../stats.js'

/** Resident set sizes (VmRSS) read by the API measurement around its load test. */
export interface RssReadings {
  idle: { ours: number; baseline: number }
  afterLoad: { ours: number; baseline: number }
}

/** Memory of an idle orders process and of the same process after the load test, beside the minimal API. */
export function memoryResult(rss: RssReadings): MeasurementResult {
  const figure = (metric: string, ours: number, baseline: number) => ({
    metric,
    unit: 'MiB' as const,
    ours: summarize([ours]),
    baseline: { name: 'minimal Fastify + postgres.js', summary: summarize([baseline]) },
    ratio: ratio(ours, baseline),
  })
  const idleTarget = 64
  return {
    id: 'memory',
    title: '6. Memory (VmRSS from /proc/<pid>/status)',
    figures: [
      {
        ...figure('orders idle, after startup', rss.idle.ours, rss.idle.baseline),
        target: `≤ ${idleTarget} MiB`,
        met: rss.idle.ours <= idleTarget,
      },
      figure('orders after the load test', rss.afterLoad.ours, rss.afterLoad.baseline),
    ],
    details: { ...rss },
  }
}
