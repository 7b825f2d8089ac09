#!/usr/bin/env node
// Bundles a service's entry points so a container starts from two files instead of resolving
// hundreds of modules in node_modules (measurably faster boot; see bench/).
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bundleNode } from './bundle-node.mjs'
import { COMPILED_SCHEMAS_FILE, compileSchemas } from './compile-schemas.mjs'

const pkg = JSON.parse(await readFile('package.json', 'utf8'))
const entries = ['src/main.ts', 'src/migrate.ts']
const bytes = await bundleNode({ entries, outdir: 'dist' })
const schemaBytes = await compileSchemas({ serviceDir: process.cwd(), outdir: 'dist' })
process.stdout.write(
  `build-service: ${pkg.name} -> dist/ (${entries.length} entries, ${(bytes / 1024).toFixed(0)} KiB; ${COMPILED_SCHEMAS_FILE} ${(schemaBytes / 1024).toFixed(0)} KiB)\n`,
)

// How each migration runs, decided now with PostgreSQL's parser, so the migration Job applies them
// without loading it (src/migrate.ts passes dist/migration-plans.json to the engine).
if (existsSync('drizzle')) {
  // The engine the service bundles, through its build-only entry point.
  const engine = createRequire(join(process.cwd(), 'package.json')).resolve('@bakery/service-base/build')
  const { writeExecutionPlans, writeMigrationManifest } = await import(pathToFileURL(engine).href)
  try {
    const count = await writeExecutionPlans('drizzle', 'dist/migration-plans.json')
    process.stdout.write(`build-service: ${pkg.name} -> dist/migration-plans.json (${count} migrations)\n`)
    // What the service's start would otherwise read and hash file by file (see migration-manifest.ts).
    const listed = await writeMigrationManifest('drizzle', 'dist/migration-manifest.json')
    process.stdout.write(
      `build-service: ${pkg.name} -> dist/migration-manifest.json (${listed} migrations)\n`,
    )
  } catch (err) {
    // A folder the engine cannot read (no journal yet) is the Job's to report, with its own code.
    process.stdout.write(`build-service: ${pkg.name}: no migration plans (${err.code}: ${err.message})\n`)
  }
}
