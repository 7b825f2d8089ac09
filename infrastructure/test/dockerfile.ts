import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, type ServiceName } from './render.js'

/** A service's own Dockerfile, relative to the repository root (its build context). */
export function dockerfilePath(svc: ServiceName): string {
  return `services/${svc}/Dockerfile`
}

/** The context filter BuildKit and Skaffold read next to a Dockerfile: `<Dockerfile>.dockerignore`. */
export function dockerignorePath(dockerfile: string): string {
  return `${dockerfile}.dockerignore`
}

/** One instruction, continuation lines joined, keyword upper-cased. */
export interface Instruction {
  keyword: string
  /** The rest of the instruction, as written (variables not substituted). */
  text: string
  line: number
}

export interface Stage {
  name: string
  /** The image or earlier stage it starts from, variables substituted. */
  from: string
  instructions: Instruction[]
}

export interface Dockerfile {
  /** `ARG`s before the first `FROM`, with their defaults (usable in `FROM`). */
  globalArgs: Record<string, string | undefined>
  stages: Stage[]
}

/** What a container runtime takes from the image: the final stage's configuration. */
export interface ImageConfig {
  workdir: string
  user?: string
  entrypoint: string[]
  cmd: string[]
  env: Record<string, string>
}

/** Splits Dockerfile text into instructions (comments and blank lines dropped, `\` continuations joined). */
export function parseInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = []
  let pending: { text: string; line: number } | null = null
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim()
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) return
    const continued = trimmed.endsWith('\\')
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed
    pending = pending
      ? { text: `${pending.text} ${part}`, line: pending.line }
      : { text: part, line: index + 1 }
    if (continued) return
    const match = /^(\S+)\s*(.*)$/s.exec(pending.text)
    if (match?.[1])
      instructions.push({ keyword: match[1].toUpperCase(), text: match[2] ?? '', line: pending.line })
    pending = null
  })
  return instructions
}

/** Replaces `${NAME}` and `$NAME` with their values; an undefined variable is an error, not ''. */
export function substitute(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare) as string
    const value = vars[name]
    if (value === undefined) throw new Error(`Dockerfile uses $${name}, which has no value`)
    return value
  })
}

/** `NAME=default` or `NAME` → [name, default]. */
export function parseArg(text: string): [string, string | undefined] {
  const eq = text.indexOf('=')
  return eq < 0 ? [text.trim(), undefined] : [text.slice(0, eq).trim(), text.slice(eq + 1).trim()]
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string | undefined> = {}
  const stages: Stage[] = []
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.text)
      if (!match?.[1]) throw new Error(`line ${instruction.line}: cannot read FROM ${instruction.text}`)
      const from = substitute(match[1], globalArgs)
      stages.push({ name: match[2] ?? String(stages.length), from, instructions: [] })
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG')
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before FROM`)
      const [name, value] = parseArg(instruction.text)
      globalArgs[name] = value
    } else {
      stages.at(-1)?.instructions.push(instruction)
    }
  }
  return { globalArgs, stages }
}

/** Parses a Dockerfile given by its path relative to the repository root. */
export function loadDockerfile(path: string): Dockerfile {
  return parseDockerfile(readFileSync(join(repoRoot, path), 'utf8'))
}

/** An exec-form (`["a", "b"]`) instruction argument; the shell form is refused (no PID 1 signals). */
export function execForm(instruction: Instruction): string[] {
  const parsed: unknown = JSON.parse(instruction.text)
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) {
    throw new Error(`line ${instruction.line}: ${instruction.keyword} must use the exec form ["…"]`)
  }
  return parsed
}

/** `ENV A=1 B=2` (the `ENV A 1` legacy form is refused). */
export function parseEnv(instruction: Instruction): Record<string, string> {
  const env: Record<string, string> = {}
  for (const pair of instruction.text.split(/\s+/)) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new Error(`line ${instruction.line}: write ENV as NAME=value`)
    env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"(.*)"$/, '$1')
  }
  return env
}

/** The stage a stage starts from, following `FROM <earlier stage>` back to an image. */
export function stageChain(file: Dockerfile, stage: Stage): Stage[] {
  const parent = file.stages.find((s) => s.name === stage.from && s !== stage)
  return parent ? [...stageChain(file, parent), stage] : [stage]
}

/** The final stage's image configuration, as Kubernetes' container runtime sees it. */
export function imageConfig(file: Dockerfile): ImageConfig {
  const last = file.stages.at(-1)
  if (!last) throw new Error('Dockerfile has no stage')
  const config: ImageConfig = { workdir: '/', entrypoint: [], cmd: [], env: {} }
  for (const stage of stageChain(file, last)) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') config.workdir = instruction.text
      if (instruction.keyword === 'USER') config.user = instruction.text
      if (instruction.keyword === 'ENTRYPOINT') config.entrypoint = execForm(instruction)
      if (instruction.keyword === 'CMD') config.cmd = execForm(instruction)
      if (instruction.keyword === 'ENV') Object.assign(config.env, parseEnv(instruction))
    }
  }
  return config
}

/**
 * The argv a container runs, by Kubernetes' rules: `command` replaces the image's ENTRYPOINT (and
 * drops its CMD), `args` replaces CMD.
 */
export function containerArgv(
  image: ImageConfig,
  container: { command?: string[]; args?: string[] },
): string[] {
  if (container.command) return [...container.command, ...(container.args ?? [])]
  return [...image.entrypoint, ...(container.args ?? image.cmd)]
}
