import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { type RunningPostgres, startEmbeddedPostgres } from '@bakery/service-base/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initDevDatabases } from './dev-database.js'
import { runToExit, startProcess, tail } from './processes.js'
import { type K8sObject, renderOverlay, SERVICES } from './render.js'
import {
  type Container,
  containerProcess,
  type LocalCluster,
  serviceDirForImage,
  startMainContainer,
  workloadContainers,
} from './rollout.js'

// A cluster-free rollout of the dev overlay: the rendered Job, init container and main container of
// each service run as local processes (test/rollout.ts maps image, env, workingDir and ports) against
// a real PostgreSQL prepared with the overlay's own init SQL, so the rendered credentials are the
// ones that connect. The services run from services/<svc> (built by turbo before this test), the
// image's layout: dist/ and drizzle/ side by side.

const objects = renderOverlay('dev')

interface Server {
  postgres: RunningPostgres
  cluster: LocalCluster
}
let inOrder: Server
let podsFirst: Server
let tmp: string

async function startServer(): Promise<Server> {
  const postgres = await startEmbeddedPostgres({ fast: true })
  await initDevDatabases(postgres.adminUrl)
  return { postgres, cluster: { objects, postgresPort: postgres.port, tmp } }
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'bakery-rollout-'))
  for (const svc of SERVICES) {
    if (!existsSync(join(serviceDirForImage(`bakery-ia/${svc}`), 'dist/main.js'))) {
      throw new Error(`services/${svc}/dist is missing: run \`pnpm exec turbo run build\` first`)
    }
  }
  ;[inOrder, podsFirst] = await Promise.all([startServer(), startServer()])
}, 120_000)
afterAll(async () => {
  await Promise.all([inOrder?.postgres.stop(), podsFirst?.postgres.stop()])
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

async function runJob(cluster: LocalCluster, container: Container) {
  const exit = await runToExit(containerProcess(cluster, container), 60_000)
  expect(exit.code, `${container.name}:\n${tail(exit)}`).toBe(0)
}

/** Serves until SIGTERM, then must exit 0 within the pod's grace period (SHUTDOWN_DELAY_MS included). */
async function serveAndStop(cluster: LocalCluster, main: Container, gracePeriodSeconds: number) {
  const running = await startMainContainer(cluster, main)
  const live = await fetch(`${running.url}${main.livenessProbe.httpGet.path}`)
  expect(live.status).toBe(200)
  const stopping = Date.now()
  const exit = await running.started.stop('SIGTERM', gracePeriodSeconds * 1000)
  expect(exit, tail(running.started)).toEqual({ code: 0, signal: null })
  expect(Date.now() - stopping).toBeLessThan(gracePeriodSeconds * 1000)
}

describe.concurrent.each(SERVICES)('the dev overlay of %s, run without a cluster', (svc) => {
  it('rolls out in the order Skaffold applies it: Job, then init container, then the service', async () => {
    const { cluster } = inOrder
    const { job, init, main, gracePeriodSeconds } = workloadContainers(objects, svc)
    await runJob(cluster, job)
    for (const container of init) await runJob(cluster, container)
    await serveAndStop(cluster, main, gracePeriodSeconds)
  })

  it('rolls out pods first: the init container waits until the Job has migrated, then the service starts', async () => {
    const { cluster } = podsFirst
    const { job, init, main, gracePeriodSeconds } = workloadContainers(objects, svc)
    expect(init).toHaveLength(1)
    const waiting = startProcess(containerProcess(cluster, init[0]))
    try {
      await sleep(3_000)
      expect(waiting.child.exitCode, tail(waiting)).toBeNull() // still waiting on the empty database
      await runJob(cluster, job)
      const exit = await Promise.race([waiting.exited, sleep(15_000).then(() => 'timeout' as const)])
      expect(exit, tail(waiting)).toEqual({ code: 0, signal: null })
    } finally {
      await waiting.stop('SIGKILL')
    }
    await serveAndStop(cluster, main, gracePeriodSeconds)
  })
})

/** The dev render with one change made to a copy of `svc`'s workloads. */
function mutated(svc: string, change: (w: ReturnType<typeof workloadContainers>) => void): K8sObject[] {
  const copy = structuredClone(objects)
  change(workloadContainers(copy, svc))
  return copy
}

describe('the rollout catches manifests that do not match the code', () => {
  // Against inOrder's external database, migrated here (a no-op after the rollouts above).
  const svc = 'external'
  beforeAll(async () => {
    await runJob(inOrder.cluster, workloadContainers(objects, svc).job)
  }, 60_000)
  const cases: [string, (w: ReturnType<typeof workloadContainers>) => void, RegExp][] = [
    [
      'a main container without DATABASE_URL',
      (w) => {
        w.main.env = w.main.env.filter((e: { name: string }) => e.name !== 'DATABASE_URL')
      },
      /exited with 9 before/,
    ],
    [
      'a Secret key the code does not read',
      (w) => {
        const entry = w.main.env.find((e: { name: string }) => e.name === 'DATABASE_URL')
        entry.valueFrom.secretKeyRef.key = 'DATABASE_URI'
      },
      /CreateContainerConfigError: couldn't find key DATABASE_URI/,
    ],
    [
      'an entry point the image does not have',
      (w) => {
        w.main.args = ['node', 'dist/server.js']
      },
      /exited with 1 before[\s\S]*Cannot find module/,
    ],
    [
      'a command that replaces the init process',
      (w) => {
        w.main.command = ['node', 'dist/main.js']
        delete w.main.args
      },
      /replaces the image's ENTRYPOINT \(\/usr\/bin\/tini --\)/,
    ],
    [
      'a PORT that is not the declared containerPort',
      (w) => {
        w.main.env.find((e: { name: string }) => e.name === 'PORT').value = '3999'
      },
      /did not answer 200/,
    ],
    [
      'an image no skaffold artifact builds',
      (w) => {
        w.main.image = 'bakery-ia/externals'
      },
      /no skaffold artifact builds bakery-ia\/externals from a services\/<svc>\/Dockerfile/,
    ],
    [
      'a readiness probe on a path the service does not serve',
      (w) => {
        w.main.readinessProbe.httpGet.path = '/ready'
      },
      /did not answer 200/,
    ],
  ]

  it.each(cases)('refuses %s', async (_, change, error) => {
    const broken = mutated(svc, change)
    const { main } = workloadContainers(broken, svc)
    await expect(startMainContainer({ ...inOrder.cluster, objects: broken }, main, 4_000)).rejects.toThrow(
      error,
    )
  })

  it('fails the Job when it runs with the runtime role instead of the owner', async () => {
    const svc = 'orders'
    const broken = mutated(svc, (w) => {
      const entry = w.job.env.find((e: { name: string }) => e.name === 'DATABASE_URL')
      entry.valueFrom.secretKeyRef.name = w.main.env.find(
        (e: { name: string }) => e.name === 'DATABASE_URL',
      ).valueFrom.secretKeyRef.name
    })
    const server = await startServer()
    try {
      const exit = await runToExit(
        containerProcess(server.cluster, workloadContainers(broken, svc).job),
        60_000,
      )
      expect(exit.code, tail(exit)).not.toBe(0)
    } finally {
      await server.postgres.stop()
    }
  })
})
