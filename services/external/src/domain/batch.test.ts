import { describe, expect, it } from 'vitest'
import { checkBatchSize, checkUniqueKeys, MAX_BATCH_ITEMS } from './batch.js'

describe('batches', () => {
  it('accepts up to the maximum and refuses one more with 413', () => {
    expect(() => checkBatchSize(MAX_BATCH_ITEMS)).not.toThrow()
    expect(() => checkBatchSize(MAX_BATCH_ITEMS + 1)).toThrow(
      expect.objectContaining({ code: 'EXTERNAL_BATCH_TOO_LARGE', statusCode: 413 }),
    )
  })

  it('names both positions of a repeated natural key', () => {
    const items = [{ d: '2024-05-01' }, { d: '2024-05-02' }, { d: '2024-05-01' }]
    expect(() => checkUniqueKeys(items, (i) => i.d, 'date')).toThrow(
      'body.2 repeats the date of body.0 (2024-05-01); send each date once per batch',
    )
    expect(() => checkUniqueKeys(items.slice(0, 2), (i) => i.d, 'date')).not.toThrow()
  })
})
