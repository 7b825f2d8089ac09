import { defineConfig } from 'vitest/config'
import { postgresTestPreset } from './src/testing/vitest-preset.js'

export default defineConfig({
  test: {
    ...postgresTestPreset.test,
    globalSetup: ['./src/testing/vitest-global-setup.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
})
