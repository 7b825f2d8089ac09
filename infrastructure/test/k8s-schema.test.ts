import { describe, expect, it } from 'vitest'
import { findSchemaErrors, findUnknownFields } from './k8s-schema.js'
import { findObject, renderOverlay } from './render.js'

// The validators must be able to fail: each case breaks one thing in a rendered Job.
describe('the schema checks', () => {
  const job = () => structuredClone(findObject(renderOverlay('dev', 'migrations'), 'Job', 'external-migrate'))

  it('accepts the rendered Job as it is', async () => {
    expect(await findSchemaErrors(job())).toBeNull()
    expect(findUnknownFields(job())).toEqual([])
  })

  it('rejects a misspelt field anywhere in the tree', () => {
    const broken = job()
    broken.spec.template.spec.containers[0].readinesProbe = { httpGet: { path: '/', port: 3000 } }
    broken.spec.podFailurePolicy.rules[1].onExitCodes.operater = 'NotIn'
    expect(findUnknownFields(broken)).toEqual([
      'Job/external-migrate.spec.podFailurePolicy.rules[1].onExitCodes.operater: unknown field in V1PodFailurePolicyOnExitCodesRequirement',
      'Job/external-migrate.spec.template.spec.containers[0].readinesProbe: unknown field in V1Container',
    ])
  })

  it('rejects a scalar of the wrong type', () => {
    const broken = job()
    broken.spec.backoffLimit = '2'
    expect(findUnknownFields(broken)).toEqual([
      'Job/external-migrate.spec.backoffLimit: expected number, got string ("2")',
    ])
  })

  it('rejects a missing required field', async () => {
    const broken = job()
    delete broken.spec.template.spec.containers[0].name
    const error = await findSchemaErrors(broken)
    expect(error, error ?? '').toMatch(/containers\/0 must have required property name/)
  })
})
