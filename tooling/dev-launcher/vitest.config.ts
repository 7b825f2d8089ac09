import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 10_000,
    // The launcher test starts PostgreSQL and three services: one file at a time.
    pool: 'forks',
    maxWorkers: 1,
  },
})
