import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import {
  dockerignorePath,
  type ImageConfig,
  type Instruction,
  imageConfig,
  loadDockerfile,
  parseArg,
  parseEnv,
  type Stage,
  stageChain,
  substitute,
} from './dockerfile.js'
import { repoRoot } from './render.js'

// Builds an image the way a Dockerfile says, without Docker, as `docker build -f <dockerfile> .` from
// the repository root would: each stage gets its own directory as its root filesystem, ARGs take the
// given build args or else the Dockerfile's defaults, COPY copies (the context filtered by
// `<dockerfile>.dockerignore`), and RUN runs the build script with the same arguments. The few RUN
// lines that install OS-level tools are checked against this machine instead (same pnpm, same
// turbo); any other RUN line is refused, so the Dockerfile cannot grow a step this reproduction
// silently skips.

const SCRIPT = '/usr/local/bin/build-service.sh'

export interface LocalImage {
  /** The final stage's WORKDIR on disk: what /app holds in the image. */
  appDir: string
  config: ImageConfig
  /** Each RUN's phase and how long it took, in order. */
  steps: { phase: string; ms: number }[]
}

export interface LocalBuildOptions {
  /** The Dockerfile, relative to the repository root (the build context): services/<svc>/Dockerfile. */
  dockerfile: string
  /** `--build-arg`s; none by default, as skaffold.yaml passes none. */
  buildArgs?: Record<string, string>
  /** An empty directory: stages/<name>/ are created under it. */
  workDir: string
  /** Extra environment for the build script (e.g. BUILD_SERVICE_PNPM_FLAGS). */
  env?: Record<string, string>
}

/** The context filter of `<Dockerfile>.dockerignore`: `**\/name`, `*.ext` and top-level names. */
export function dockerignoreFilter(patterns: string[]): (path: string) => boolean {
  const rules = patterns.map((p) => {
    const anyDepth = p.startsWith('**/')
    const body = anyDepth ? p.slice(3) : p
    const regex = new RegExp(`^${body.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`)
    return { anyDepth, regex }
  })
  return (path) => {
    const parts = path.split('/')
    return !rules.some((r) =>
      r.anyDepth ? parts.some((part) => r.regex.test(part)) : r.regex.test(parts[0] ?? ''),
    )
  }
}

/** The context filter of a Dockerfile (path relative to the repository root). */
export function readDockerignore(dockerfile: string): (path: string) => boolean {
  const text = readFileSync(join(repoRoot, dockerignorePath(dockerfile)), 'utf8')
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
  return dockerignoreFilter(patterns)
}

/** What every stage of one build shares. */
interface Build {
  options: LocalBuildOptions
  /** The build context's filter, from the Dockerfile's .dockerignore. */
  keep: (path: string) => boolean
  built: Map<string, StageState>
  steps: LocalImage['steps']
}

interface StageState {
  root: string
  workdir: string
  vars: Record<string, string | undefined>
  env: Record<string, string>
}

/** Docker's COPY: a directory's contents go into dest; a file goes to dest, or into it if dest ends in `/`. */
function copy(src: string, dest: string, destIsDir: boolean, filter?: (src: string) => boolean): void {
  if (!existsSync(src)) throw new Error(`COPY: ${src} does not exist`)
  if (statSync(src).isDirectory()) {
    mkdirSync(dest, { recursive: true })
    cpSync(src, dest, { recursive: true, verbatimSymlinks: true, filter })
  } else {
    const target = destIsDir ? join(dest, basename(src)) : dest
    mkdirSync(dirname(target), { recursive: true })
    cpSync(src, target)
  }
}

function inStage(state: StageState, path: string): string {
  return path.startsWith('/') ? join(state.root, path) : join(state.root, state.workdir, path)
}

function runCopy(state: StageState, instruction: Instruction, build: Build): void {
  const words = substitute(instruction.text, { ...state.vars }).split(/\s+/)
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length)
  const paths = words.filter((w) => !w.startsWith('--'))
  const dest = paths.pop()
  if (!dest || paths.length === 0)
    throw new Error(`line ${instruction.line}: COPY needs a source and a destination`)
  const destIsDir = dest.endsWith('/') || dest === '.' || paths.length > 1
  const target = inStage(state, dest)
  if (from) {
    const source = build.built.get(from)
    if (!source) throw new Error(`line ${instruction.line}: COPY --from=${from}: no such earlier stage`)
    for (const p of paths) copy(inStage(source, p), target, destIsDir)
    return
  }
  for (const p of paths) {
    const src = join(repoRoot, p)
    copy(src, target, destIsDir, (file) => build.keep(relative(repoRoot, file) || '.'))
  }
}

/** The tool installs the image makes are this machine's: check the pins instead of installing. */
function checkToolInstall(command: string): void {
  if (/^npm install --global /.test(command)) {
    const pins = Object.fromEntries(
      [...command.matchAll(/(\S+)@(\d\S*)/g)].map((m) => [m[1] as string, m[2] as string]),
    )
    const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
    const pnpmWanted = String(rootPackage.packageManager).split('@')[1]
    const pnpmHere = execFileSync('pnpm', ['--version'], { encoding: 'utf8' }).trim()
    if (pins.pnpm !== pnpmWanted || pnpmHere !== pnpmWanted) {
      throw new Error(
        `pnpm pins differ: Dockerfile ${pins.pnpm}, packageManager ${pnpmWanted}, here ${pnpmHere}`,
      )
    }
    const catalog = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8')
    const turboWanted = /^\s+turbo:\s*(\S+)/m.exec(catalog)?.[1]
    if (pins.turbo !== turboWanted)
      throw new Error(`turbo pin ${pins.turbo} differs from the catalog's ${turboWanted}`)
    return
  }
  // The runtime image's init process, from Debian: nothing to reproduce in a directory.
  if (/^apt-get update && apt-get install --yes --no-install-recommends tini /.test(command)) return
  throw new Error(`unknown RUN step: ${command} (teach test/image-build.ts how to reproduce it)`)
}

function runScript(state: StageState, instruction: Instruction, env: Record<string, string>): string {
  const words = substitute(instruction.text, { ...state.vars }).split(/\s+/)
  if (words[0] !== 'sh' || words[1] !== SCRIPT) {
    checkToolInstall(words.join(' '))
    return `${words[0]} (checked, not run)`
  }
  // Absolute paths are inside the stage's root filesystem.
  const args = words.slice(1).map((w) => (w.startsWith('/') ? join(state.root, w) : w))
  const cwd = inStage(state, '.')
  mkdirSync(cwd, { recursive: true })
  execFileSync('sh', args, {
    cwd,
    env: {
      ...process.env,
      ...state.env,
      ...env,
      // turbo for the prune phase: the workspace's own (the image installs the same version globally).
      PATH: `${join(repoRoot, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  })
  return words[2] ?? 'script'
}

function buildStage(stage: Stage, build: Build): StageState {
  const { options, built, steps } = build
  const parent = built.get(stage.from)
  const root = join(options.workDir, 'stages', stage.name)
  mkdirSync(root, { recursive: true })
  if (parent) cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true })
  const state: StageState = {
    root,
    workdir: parent?.workdir ?? '/',
    vars: { ...parent?.vars },
    env: { ...parent?.env },
  }
  for (const instruction of stage.instructions) {
    const started = Date.now()
    switch (instruction.keyword) {
      case 'ARG': {
        const [name, fallback] = parseArg(instruction.text)
        state.vars[name] = options.buildArgs?.[name] ?? fallback
        break
      }
      case 'ENV':
        Object.assign(state.env, parseEnv(instruction))
        break
      case 'WORKDIR':
        state.workdir = substitute(instruction.text, state.vars)
        mkdirSync(inStage(state, '.'), { recursive: true })
        break
      case 'COPY':
        runCopy(state, instruction, build)
        break
      case 'RUN':
        steps.push({ phase: `${stage.name}: ${runScript(state, instruction, options.env ?? {})}`, ms: 0 })
        // biome-ignore lint/style/noNonNullAssertion: pushed just above
        steps.at(-1)!.ms = Date.now() - started
        break
      case 'USER':
      case 'EXPOSE':
      case 'ENTRYPOINT':
      case 'CMD':
        break // image configuration: read by imageConfig()
      default:
        throw new Error(
          `line ${instruction.line}: ${instruction.keyword} is not reproduced by test/image-build.ts`,
        )
    }
  }
  built.set(stage.name, state)
  return state
}

/** Builds the final stage (and the stages it needs, in file order) into `workDir`. */
export function buildImageLocally(options: LocalBuildOptions): LocalImage {
  const file = loadDockerfile(options.dockerfile)
  const build: Build = {
    options,
    keep: readDockerignore(options.dockerfile),
    built: new Map(),
    steps: [],
  }
  let last: StageState | undefined
  const final = file.stages.at(-1)
  if (!final) throw new Error(`${options.dockerfile} has no stage`)
  for (const stage of file.stages) last = buildStage(stage, build)
  if (!last) throw new Error('nothing built')
  const config = imageConfig(file)
  stageChain(file, final) // validates the chain resolves
  return { appDir: join(last.root, config.workdir), config, steps: build.steps }
}
