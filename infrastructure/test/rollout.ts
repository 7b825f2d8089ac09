import { dirname, join } from 'node:path'
import { freePort } from '@bakery/service-base/testing'
import { containerArgv, type ImageConfig, imageConfig, loadDockerfile } from './dockerfile.js'
import { type ProcessSpec, type Started, startProcess, waitForHttpOk } from './processes.js'
import { findObject, type K8sObject, repoRoot } from './render.js'
import { loadSkaffoldConfigs } from './skaffold.js'

// Runs rendered containers as local processes, the way the kubelet would start them: argv by
// Kubernetes' command/args rules over the image's ENTRYPOINT/CMD (minus tini), the environment from
// the image's ENV, then envFrom, then env (ConfigMaps and Secrets looked up in the render, a missing
// one or a missing key refused like CreateContainerConfigError), the working directory mapped from
// the image's WORKDIR to the service's built package. A container's image is the skaffold artifact
// of that name, whose services/<svc>/Dockerfile gives both the image configuration and the service. Only three things are rewritten, all for
// "this machine instead of a cluster": PostgreSQL URLs point at the local server, the container
// port is a free local port, and the service binds 127.0.0.1.

// biome-ignore lint/suspicious/noExplicitAny: rendered containers are untyped YAML
export type Container = any

export interface LocalCluster {
  objects: K8sObject[]
  /** The port of the PostgreSQL server standing in for every database host. */
  postgresPort: number
  /** A writable directory standing in for the pods' /tmp emptyDir. */
  tmp: string
}

export interface LocalImage {
  /** The service's directory, where turbo built what the image's /app holds. */
  serviceDir: string
  config: ImageConfig
}

const localImages = new Map<string, LocalImage>()

/**
 * image → what builds it, through skaffold.yaml's artifacts: the artifact's Dockerfile is
 * services/<svc>/Dockerfile, which gives the image configuration and, by its directory, the service.
 */
export function localImage(image: string): LocalImage {
  const name = image.replace(/[:@].*$/, '')
  const known = localImages.get(name)
  if (known) return known
  const artifacts = loadSkaffoldConfigs().flatMap((c) => c.build?.artifacts ?? [])
  const artifact = artifacts.find((a) => a.image === name)
  const dockerfile = artifact?.docker?.dockerfile
  if (!dockerfile || !/^services\/[a-z0-9-]+\/Dockerfile$/.test(dockerfile)) {
    throw new Error(`no skaffold artifact builds ${image} from a services/<svc>/Dockerfile`)
  }
  const found = {
    serviceDir: join(repoRoot, dirname(dockerfile)),
    config: imageConfig(loadDockerfile(dockerfile)),
  }
  localImages.set(name, found)
  return found
}

/** image → service directory (see localImage). */
export function serviceDirForImage(image: string): string {
  return localImage(image).serviceDir
}

function lookup(
  cluster: LocalCluster,
  kind: 'ConfigMap' | 'Secret',
  name: string,
): Record<string, string> | null {
  const found = cluster.objects.find((o) => o.kind === kind && o.metadata.name === name)
  if (!found) return null
  const data: Record<string, string> = found.data ?? {}
  if (kind === 'ConfigMap') return { ...data }
  const decoded = Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])
  return { ...Object.fromEntries(decoded), ...found.stringData }
}

function required(
  cluster: LocalCluster,
  kind: 'ConfigMap' | 'Secret',
  ref: { name: string; optional?: boolean },
) {
  const data = lookup(cluster, kind, ref.name)
  if (!data && !ref.optional)
    throw new Error(`CreateContainerConfigError: ${kind.toLowerCase()} "${ref.name}" not found`)
  return data ?? {}
}

/** Kubernetes' `$(VAR)` expansion (`$$` escapes); an unknown variable stays as written. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) =>
    name === undefined ? '$' : (env[name] ?? whole),
  )
}

/** Points a PostgreSQL URL at the local server, keeping user, password, database and options. */
function toLocalPostgres(value: string, port: number): string {
  if (!/^postgres(ql)?:\/\//.test(value)) return value
  const url = new URL(value)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return url.toString()
}

/** The container's environment as the kubelet builds it: image ENV < envFrom < env. */
export function containerEnv(cluster: LocalCluster, container: Container): Record<string, string> {
  const env: Record<string, string> = { ...localImage(container.image).config.env }
  for (const source of container.envFrom ?? []) {
    const data = source.configMapRef
      ? required(cluster, 'ConfigMap', source.configMapRef)
      : required(cluster, 'Secret', source.secretRef)
    for (const [k, v] of Object.entries(data)) env[`${source.prefix ?? ''}${k}`] = v
  }
  for (const entry of container.env ?? []) {
    if ('value' in entry) {
      env[entry.name] = expand(String(entry.value), env)
      continue
    }
    const from = entry.valueFrom ?? {}
    const ref = from.secretKeyRef ?? from.configMapKeyRef
    if (!ref) throw new Error(`env ${entry.name}: only value, secretKeyRef and configMapKeyRef run locally`)
    const data = required(cluster, from.secretKeyRef ? 'Secret' : 'ConfigMap', ref)
    const value = data[ref.key]
    if (value === undefined && !ref.optional) {
      throw new Error(
        `CreateContainerConfigError: couldn't find key ${ref.key} in ${ref.name} (env ${entry.name})`,
      )
    }
    if (value !== undefined) env[entry.name] = value
  }
  for (const [k, v] of Object.entries(env)) env[k] = toLocalPostgres(v, cluster.postgresPort)
  return env
}

/** What the container runs, where, with what: a spec for test/processes.ts. */
export function containerProcess(cluster: LocalCluster, container: Container, extraEnv = {}): ProcessSpec {
  const { config: image, serviceDir } = localImage(container.image)
  const workingDir = container.workingDir ?? image.workdir
  if (workingDir !== image.workdir) {
    throw new Error(`${container.name}: workingDir ${workingDir} is not the image's WORKDIR ${image.workdir}`)
  }
  if (container.command && image.entrypoint.length > 0) {
    throw new Error(
      `${container.name}: \`command\` replaces the image's ENTRYPOINT (${image.entrypoint.join(' ')}): set \`args\``,
    )
  }
  const env = containerEnv(cluster, container)
  const argv = containerArgv(image, container).map((a) => expand(a, env))
  return {
    argv,
    cwd: serviceDir,
    env: { PATH: process.env.PATH ?? '', HOME: cluster.tmp, ...env, ...extraEnv },
  }
}

export interface RunningContainer {
  started: Started
  url: string
}

/**
 * Starts a Deployment's main container and resolves once its readiness probe answers 200. The
 * probe's port (a name or a number) is the containerPort that gets a free local port; the service
 * gets that port through PORT only if PORT (default 3000) is what the manifest says it listens on.
 */
export async function startMainContainer(
  cluster: LocalCluster,
  container: Container,
  readyTimeoutMs = 15_000,
): Promise<RunningContainer> {
  const probe = container.readinessProbe?.httpGet
  if (!probe) throw new Error(`${container.name} has no HTTP readiness probe`)
  const declared = (container.ports ?? []).find(
    (p: { name?: string; containerPort: number }) => p.name === probe.port || p.containerPort === probe.port,
  )
  const containerPort: number = declared?.containerPort ?? Number(probe.port)
  const localPort = await freePort()
  const env = containerEnv(cluster, container)
  const listensOn = Number(env.PORT ?? 3000)
  const started = startProcess(
    containerProcess(cluster, container, {
      HOST: '127.0.0.1',
      ...(listensOn === containerPort ? { PORT: String(localPort) } : {}),
    }),
  )
  const url = `http://127.0.0.1:${localPort}`
  try {
    await waitForHttpOk(`${url}${probe.path}`, started, readyTimeoutMs)
  } catch (error) {
    await started.stop('SIGKILL')
    throw error
  }
  return { started, url }
}

/** The Job's single container and a Deployment's pod containers, by name lookup in the render. */
export function workloadContainers(objects: K8sObject[], svc: string) {
  const job = findObject(objects, 'Job', `${svc}-migrate`)
  const deployment = findObject(objects, 'Deployment', svc)
  const pod = deployment.spec.template.spec
  return {
    job: job.spec.template.spec.containers[0] as Container,
    init: (pod.initContainers ?? []) as Container[],
    main: pod.containers[0] as Container,
    gracePeriodSeconds: Number(pod.terminationGracePeriodSeconds ?? 30),
  }
}
