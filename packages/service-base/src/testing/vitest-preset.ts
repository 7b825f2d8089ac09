import { fileURLToPath } from 'node:url'

/** Shared vitest settings for packages whose tests need PostgreSQL: spread into `defineConfig`. */
export const postgresTestPreset = {
  test: {
    globalSetup: [fileURLToPath(new URL('./vitest-global-setup.js', import.meta.url))],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database tests start processes and servers: two cores, so keep the fan-out modest.
    pool: 'forks' as const,
    maxWorkers: 2,
  },
}
