import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The smoke run starts PostgreSQL and a few dozen processes: generous, but bounded.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
