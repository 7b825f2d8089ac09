import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import type { SchemaCompilation } from '../service/schema-compilers.js'
import { schemaSourceProblems } from './http-contract.js'

const appWith = (state: SchemaCompilation) => ({ schemaCompilation: state }) as unknown as FastifyInstance

describe('schemaSourceProblems', () => {
  it('finds nothing wrong with an app served from the build, or compiled at start when asked', () => {
    expect(
      schemaSourceProblems(appWith({ mode: 'restored', restored: 12, compiledAtStart: [] }), 'build'),
    ).toEqual([])
    expect(
      schemaSourceProblems(appWith({ mode: 'fresh', restored: 0, compiledAtStart: [] }), 'start'),
    ).toEqual([])
  })

  it('names route parts compiled at start on the build path (dist/ older than the schemas)', () => {
    const state: SchemaCompilation = {
      mode: 'restored',
      restored: 3,
      compiledAtStart: ['POST /api/v1/things body'],
    }
    expect(schemaSourceProblems(appWith(state), 'build')).toEqual([
      'compiled at start: POST /api/v1/things body (rebuild: pnpm build)',
    ])
  })

  it('names an app that did not take its schemas from where it was asked', () => {
    expect(
      schemaSourceProblems(appWith({ mode: 'fresh', restored: 0, compiledAtStart: [] }), 'build'),
    ).toEqual(['schemas fresh, expected restored', 'no route schema came from the build'])
  })
})
