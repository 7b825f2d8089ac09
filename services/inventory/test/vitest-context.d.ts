// Workaround: @bakery/service-base/testing does not load the `ProvidedContext` augmentation its
// global setup declares, so `inject('postgresAdminUrl')` would be typed `never` here.
import 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server this test run uses (service-base's global setup). */
    postgresAdminUrl: string
  }
}
