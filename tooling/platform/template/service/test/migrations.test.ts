import { readdir } from 'node:fs/promises'
import { checkSchemaMatchesMigrations } from '@bakery/service-base/testing'
import { describe, expect, it } from 'vitest'
import { migrationsFolder, serviceDir } from './test-app.js'

describe('migrations', () => {
  it('match the drizzle schema: generate finds no changes and check passes', async () => {
    const { generateOutput, files, checkOutput } = await checkSchemaMatchesMigrations({ serviceDir })
    expect(generateOutput).toContain('No schema changes')
    expect(files).toEqual(await readdir(migrationsFolder))
    expect(checkOutput).toContain("Everything's fine")
  })
})
