import { postgresTestPreset } from '@bakery/service-base/testing'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: { ...postgresTestPreset.test, include: ['test/**/*.test.ts'], testTimeout: 120_000 },
})
