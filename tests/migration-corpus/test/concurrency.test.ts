import { startServiceProcess } from '@bakery/service-base/testing'
import { describe, expect, it } from 'vitest'
import { corpusFolder, databasePerTest, here, migrateCli, snapshot } from './support.js'

const db = databasePerTest()

describe.each(['main', 'concurrently'] as const)('corpus drizzle/%s', (name) => {
  it('eight runs started at once all exit 0 and leave what one run leaves', async () => {
    const reference = await db()
    expect((await migrateCli(reference.url, corpusFolder(name))).code).toBe(0)
    const d = await db()
    const runs = await Promise.all(Array.from({ length: 8 }, () => migrateCli(d.url, corpusFolder(name))))
    expect(runs.map((r) => r.code)).toEqual(Array(8).fill(0))
    expect(await snapshot(d.url)).toEqual(await snapshot(reference.url))
  })
})

describe.each(['main', 'concurrently'] as const)('corpus drizzle/%s after our engine', (name) => {
  it('verifies, and a service on the chassis starts on it', async () => {
    const d = await db()
    await migrateCli(d.url, corpusFolder(name))
    expect((await migrateCli(d.url, corpusFolder(name), ['verify'])).code).toBe(0)
    const svc = await startServiceProcess({
      cwd: here,
      entry: 'fixtures/corpus-service.mjs',
      env: { DATABASE_URL: d.url, MIGRATIONS_DIR: corpusFolder(name), LOG_LEVEL: 'info' },
    })
    try {
      expect(await (await fetch(`${svc.url}/health/ready`)).json()).toMatchObject({ status: 'ready' })
      expect(svc.output.join('\n')).not.toContain('SVC_DB_INDEX_INVALID')
    } finally {
      await svc.stop('SIGTERM', 10_000)
    }
  })
})
