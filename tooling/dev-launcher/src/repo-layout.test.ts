import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { repoRoot, SERVICES } from './repo-layout.js'

describe('SERVICES', () => {
  it('uses the local ports skaffold.yaml forwards, with the default port base 3000', () => {
    const docs = parseAllDocuments(readFileSync(`${repoRoot}skaffold.yaml`, 'utf8')).map((d) => d.toJS())
    const forwards = docs.flatMap(
      (d: { portForward?: Array<{ resourceName: string; localPort: number }> }) => d.portForward ?? [],
    )
    expect(Object.fromEntries(forwards.map((f) => [f.resourceName, f.localPort]))).toEqual(
      Object.fromEntries(SERVICES.map((s) => [s.name, 3000 + s.portOffset])),
    )
  })
})
