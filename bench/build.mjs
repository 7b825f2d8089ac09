#!/usr/bin/env node
// Bundles the baseline entries (src/baselines/*.ts) into dist/baselines/ with the very configuration
// services are bundled with (@bakery/service-build), so a baseline and a service differ in their
// code only, never in how they are loaded.
import { readdir } from 'node:fs/promises'
import { bundleNode } from '@bakery/service-build'

const entries = (await readdir('src/baselines'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `src/baselines/${f}`)
const bytes = await bundleNode({ entries, outdir: 'dist/baselines' })
process.stdout.write(
  `bench: ${entries.length} baselines -> dist/baselines/ (${(bytes / 1024).toFixed(0)} KiB)\n`,
)
