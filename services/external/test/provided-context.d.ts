// service-base's vitest global setup provides this key, but its declaration is not reachable from
// `@bakery/service-base/testing` (it lives in vitest-global-setup.d.ts), so restate it here.
declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string
  }
}

export {}
