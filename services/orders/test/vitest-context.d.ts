// Workaround: @bakery/service-base declares `postgresAdminUrl` on vitest's ProvidedContext only in
// dist/testing/vitest-global-setup.d.ts, which its `./testing` entry never loads, so `inject()` is
// typed `never` in services. Remove once service-base's testing.ts carries the augmentation.
import type {} from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server this test run uses. */
    postgresAdminUrl: string
  }
}
