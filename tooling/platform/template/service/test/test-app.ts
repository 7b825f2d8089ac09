import { fileURLToPath } from 'node:url'
import {
  type SchemaSource,
  startTestApp as startServiceTestApp,
  type TestApp,
} from '@bakery/service-base/testing'
import { inject } from 'vitest'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

export const serviceDir = fileURLToPath(new URL('..', import.meta.url))
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url))
/** The route schemas' code the build generated: what a production start serves from. */
export const compiledSchemasFile = fileURLToPath(new URL('../dist/compiled-schemas.cjs', import.meta.url))

export type { TestApp }

/** A fresh, fully migrated database and the app built on it (one per test file). */
export function startTestApp(schemas: SchemaSource = 'build'): Promise<TestApp> {
  return startServiceTestApp({
    adminUrl: inject('postgresAdminUrl'),
    service: '__name__',
    migrationsFolder,
    build: (env) => buildApp(loadConfig(env)),
    env: schemas === 'build' ? { SCHEMAS_FILE: compiledSchemasFile } : {},
  })
}
