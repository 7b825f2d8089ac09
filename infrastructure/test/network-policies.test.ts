import { describe, expect, it } from 'vitest'
import { findObject, type K8sObject, OVERLAYS, renderOverlay, SERVICES } from './render.js'

// Egress per workload: every pod reaches PostgreSQL (5432) and DNS; the services reach each other on
// 3000; only external leaves the cluster, on the port of its weather provider's URL.

interface Port {
  protocol: string
  port: number
}
interface EgressRule {
  to?: { ipBlock?: { cidr: string; except?: string[] }; podSelector?: unknown }[]
  ports?: Port[]
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']

function egress(objects: K8sObject[], name: string): EgressRule[] {
  return findObject(objects, 'NetworkPolicy', name).spec.egress ?? []
}

function leavesCluster(rule: EgressRule): boolean {
  return (rule.to ?? []).some((peer) => peer.ipBlock)
}

/** The port external's weather provider URL needs, from the Deployment's env. */
function providerPort(objects: K8sObject[]): number {
  const [main] = findObject(objects, 'Deployment', 'external').spec.template.spec.containers
  const entry = main.env.find((e: { name: string }) => e.name === 'WEATHER_PROVIDER_URL')
  const url = new URL(entry.value)
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80))
}

/** What is wrong with external's way out of the cluster; empty when it matches the provider URL. */
export function providerEgressProblems(objects: K8sObject[]): string[] {
  const port = providerPort(objects)
  const outside = egress(objects, 'external').filter(leavesCluster)
  if (outside.length !== 1) return [`expected one egress rule to ipBlocks, found ${outside.length}`]
  const [rule] = outside as [EgressRule]
  const problems: string[] = []
  const opened = (rule.ports ?? []).map((p) => `${p.protocol} ${p.port}`)
  if (opened.join() !== `TCP ${port}`) {
    problems.push(`egress to the provider opens [${opened.join(', ')}], the URL needs TCP ${port}`)
  }
  const v4 = rule.to?.find((peer) => peer.ipBlock?.cidr === '0.0.0.0/0')?.ipBlock
  for (const range of PRIVATE_V4) {
    if (!v4?.except?.includes(range)) problems.push(`the provider rule does not exclude ${range}`)
  }
  return problems
}

describe.each(OVERLAYS)('network policies of overlay %s', (overlay) => {
  const objects = renderOverlay(overlay)

  it('lets external reach its weather provider on the port of WEATHER_PROVIDER_URL, outside the cluster only', () => {
    expect(providerPort(objects)).toBe(443)
    expect(providerEgressProblems(objects)).toEqual([])
  })

  it('notices when the provider URL and the egress rule disagree', () => {
    const broken = structuredClone(objects)
    const [main] = findObject(broken, 'Deployment', 'external').spec.template.spec.containers
    main.env.find((e: { name: string }) => e.name === 'WEATHER_PROVIDER_URL').value =
      'http://weather.example:8080'
    expect(providerEgressProblems(broken)).toEqual([
      'egress to the provider opens [TCP 443], the URL needs TCP 8080',
    ])
  })

  it.each(SERVICES.filter((s) => s !== 'external'))(
    'keeps %s inside the cluster: PostgreSQL and the services only',
    (svc) => {
      const rules = egress(objects, svc)
      expect(rules.filter(leavesCluster)).toEqual([])
      expect(rules.flatMap((r) => r.ports ?? []).map((p) => p.port)).toEqual([5432, 3000])
    },
  )

  it('lets the migration Jobs reach PostgreSQL only', () => {
    expect(egress(objects, 'migrations')).toEqual([{ ports: [{ protocol: 'TCP', port: 5432 }] }])
  })
})
