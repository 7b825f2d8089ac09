import { planChanges, type ServiceChange, watchedFolders } from './change-plan.js'
import { type Child, spawnChild } from './child-process.js'
import type { LauncherOptions } from './cli-args.js'
import { placeholderMigrations } from './dev-migrations.js'
import { isLauncherError } from './errors.js'
import { writeLauncherState } from './launcher-state.js'
import type { LineWriter } from './log-lines.js'
import { type DevDatabase, migrateAll, startDevDatabase } from './platform.js'
import { repoRoot, SERVICES, type ServiceSpec } from './repo-layout.js'
import { missingMigration } from './schema-check.js'
import { type RunningService, readHealth, startServiceProcess } from './service-process.js'
import { type SourceWatcher, watchSources } from './source-watcher.js'
import type { ServiceRow } from './status-table.js'

const RESTART = { firstDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 5, stableMs: 60_000, lastLines: 8 }

/** One `pnpm dev`: the database, the services, the watcher, and the one way to stop them all. */
export class DevSession {
  readonly #options: LauncherOptions
  readonly #log: LineWriter
  #db: DevDatabase | undefined
  readonly #services = new Map<string, RunningService>()
  /** Migration entries and builds under way: stopped too if the launcher stops meanwhile. */
  readonly #transient = new Set<Child>()
  #watcher: SourceWatcher | undefined
  #queue: Promise<void> = Promise.resolve()
  #saving: Promise<void> = Promise.resolve()
  #stopping = false
  /** Per service: restarts since it last stayed up, and the pending restart. */
  readonly #restarts = new Map<string, { attempts: number; timer?: NodeJS.Timeout }>()

  constructor(options: LauncherOptions, log: LineWriter) {
    this.#options = options
    this.#log = log
  }

  /** The cluster's order: database and roles, every migration entry, then every service. */
  async launch(): Promise<ServiceRow[]> {
    const db = await this.#phase('PostgreSQL and the databases', () =>
      startDevDatabase(this.#options, this.#log),
    )
    this.#db = db
    await this.#saveState()
    await this.#phase('migration entries', () =>
      migrateAll(db, SERVICES, {
        logLevel: this.#options.logLevel,
        log: this.#log,
        onStart: this.#track,
        applyFlags: this.#options.migrateFlags,
      }),
    )
    await this.#phase('services', () => Promise.all(SERVICES.map((s) => this.#start(s))))
    return this.rows()
  }

  /** Says what starts, then how long it took: a first run never sits silent. */
  async #phase<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.#log('dev', `${what}: starting`)
    const started = performance.now()
    const result = await work()
    this.#log('dev', `${what}: done in ${((performance.now() - started) / 1000).toFixed(1)}s`)
    return result
  }

  async rows(): Promise<ServiceRow[]> {
    return Promise.all(
      SERVICES.map(async (s) => {
        const url = `http://127.0.0.1:${this.#options.ports[s.name]}`
        return { service: s.name, url, ...(await readHealth(url)) }
      }),
    )
  }

  watch(): void {
    const names = SERVICES.map((s) => s.name)
    this.#watcher = watchSources(watchedFolders(repoRoot, names), (paths) => {
      const plan = planChanges(paths, repoRoot, names)
      if (plan.length > 0) this.#queue = this.#queue.then(() => this.#apply(plan))
    })
    this.#log('dev', 'watching services/*/src, services/*/drizzle and packages/service-base/src')
  }

  /** Stops the watcher, then the services, then anything under way, then the database. */
  async shutdown(): Promise<void> {
    this.#stopping = true
    for (const r of this.#restarts.values()) clearTimeout(r.timer)
    await this.#watcher?.close()
    await Promise.all([...this.#services.values()].map((s) => s.child.stop()))
    await Promise.all([...this.#transient].map((c) => c.stop(5_000)))
    await this.#db?.server.stop()
  }

  /** Ends every child at once (a second Ctrl-C). */
  async kill(): Promise<void> {
    this.#stopping = true
    const children = [...[...this.#services.values()].map((s) => s.child), ...this.#transient]
    await Promise.all(children.map((c) => c.stop(0)))
    await this.#db?.server.stop()
  }

  readonly #track = (child: Child) => {
    this.#transient.add(child)
    void child.exited.then(() => this.#transient.delete(child))
  }

  async #start(service: ServiceSpec): Promise<void> {
    const database = this.#db?.databases[service.name]
    const port = this.#options.ports[service.name]
    if (!database || port === undefined) throw new Error(`${service.name} has no database or port`)
    const running = await startServiceProcess({
      service,
      database,
      port,
      logLevel: this.#options.logLevel,
      onLine: (line) => this.#log(service.name, line),
    })
    this.#services.set(service.name, running)
    this.#log('dev', `${service.name} ready on ${running.url} (pid ${running.child.pid})`)
    await this.#saveState()
    const startedAt = Date.now()
    void running.child.exited.then((exit) => this.#onExit(service, running, exit, startedAt))
  }

  /** A service that ends while the launcher did not stop it: say so at once, then restart it. */
  #onExit(
    service: ServiceSpec,
    running: RunningService,
    exit: { code: number | undefined; signal: string | undefined },
    startedAt: number,
  ): void {
    // Stopped on purpose (a reload, the shutdown): those remove it from the map first.
    if (this.#stopping || this.#services.get(service.name) !== running) return
    this.#services.delete(service.name)
    void this.#saveState()
    const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`
    const last = running.recent.slice(-RESTART.lastLines)
    this.#log('dev', `${service.name} (pid ${running.child.pid}) died (${how}); its last lines:`)
    for (const line of last) this.#log('dev', `  ${line}`)
    const restarts = this.#restarts.get(service.name) ?? { attempts: 0 }
    if (Date.now() - startedAt > RESTART.stableMs) restarts.attempts = 0
    this.#restarts.set(service.name, restarts)
    this.#scheduleRestart(service)
  }

  /** Bounded back-off: 1 s, 2 s, 4 s... up to 30 s; after `maxAttempts` failures, waits for a save. */
  #scheduleRestart(service: ServiceSpec): void {
    const restarts = this.#restarts.get(service.name) ?? { attempts: 0 }
    this.#restarts.set(service.name, restarts)
    if (restarts.attempts >= RESTART.maxAttempts) {
      this.#log(
        'dev',
        `${service.name} is down after ${restarts.attempts} restarts: fix it and save a file under services/${service.name}/src (or restart pnpm dev)`,
      )
      return
    }
    const delayMs = Math.min(RESTART.firstDelayMs * 2 ** restarts.attempts, RESTART.maxDelayMs)
    restarts.attempts += 1
    this.#log(
      'dev',
      `${service.name} is down: restarting in ${delayMs / 1000}s (attempt ${restarts.attempts})`,
    )
    restarts.timer = setTimeout(() => {
      this.#queue = this.#queue.then(() => this.#restart(service))
    }, delayMs)
  }

  async #restart(service: ServiceSpec): Promise<void> {
    // A reload may have started it meanwhile.
    if (this.#stopping || this.#services.has(service.name)) return
    try {
      await this.#start(service)
      this.#log('dev', `${service.name} restarted`)
    } catch (err) {
      this.#log('dev', `${service.name} restart failed: ${isLauncherError(err) ? err.message : String(err)}`)
      this.#scheduleRestart(service)
    }
  }

  async #apply(plan: ServiceChange[]): Promise<void> {
    if (this.#stopping || !this.#db) return
    const db = this.#db
    const rebuild = plan.filter((c) => c.rebuild).map((c) => c.service)
    if (rebuild.length > 0 && !(await this.#build(rebuild))) return
    for (const change of plan) {
      if (this.#stopping) return
      const service = SERVICES.find((s) => s.name === change.service)
      if (!service) continue
      try {
        if (change.schema && !change.migrate) {
          // Restarted on a schema no migration holds, it would answer 500 on every query.
          const command = await missingMigration(service)
          if (command) {
            this.#log(
              'dev',
              `${service.name}: src/db/ has schema changes no migration holds: run \`${command}\`; ${service.name} keeps running as it was until the migration exists`,
            )
            continue
          }
        }
        if (change.migrate) {
          const empty = await placeholderMigrations(service.name)
          if (empty.length > 0) {
            this.#log(
              'dev',
              `${service.name}: ${empty.join(', ')} holds no statement yet (drizzle-kit generate --custom writes an empty file): nothing applied; save it with its SQL to apply it`,
            )
            continue
          }
          await migrateAll(db, [service], {
            logLevel: this.#options.logLevel,
            log: this.#log,
            onStart: this.#track,
            applyFlags: this.#options.migrateFlags,
          })
        }
        // Out of the map first: its exit is then a reload, not a crash.
        const old = this.#services.get(service.name)
        this.#services.delete(service.name)
        await old?.child.stop()
        clearTimeout(this.#restarts.get(service.name)?.timer)
        this.#restarts.delete(service.name)
        await this.#start(service)
      } catch (err) {
        this.#log('dev', `${service.name} not restarted: ${isLauncherError(err) ? err.message : String(err)}`)
      }
    }
  }

  async #build(services: string[]): Promise<boolean> {
    this.#log('dev', `rebuilding ${services.join(', ')}`)
    const filters = services.map((s) => `--filter=@bakery/${s}`)
    const child = spawnChild('build', 'turbo', ['run', 'build', ...filters, '--output-logs=errors-only'], {
      cwd: repoRoot,
      env: process.env,
      preferLocal: true,
      onLine: (line) => this.#log('build', line),
    })
    this.#track(child)
    const { code } = await child.exited
    if (code !== 0 && !this.#stopping)
      this.#log('dev', `build failed (exit ${code}): the running version stays; fix and save again`)
    return code === 0
  }

  /** Services start in parallel: one write at a time, each with the processes of that moment. */
  #saveState(): Promise<void> {
    this.#saving = this.#saving.then(() => this.#writeState())
    return this.#saving
  }

  async #writeState(): Promise<void> {
    if (!this.#db || this.#stopping) return
    const processes = [
      ...this.#db.server.pids.map((pid, i) => ({ name: i === 0 ? 'postgres-host' : 'postgres', pid })),
      ...[...this.#services.values()].map((s) => ({ name: s.name, pid: s.child.pid })),
    ]
    await writeLauncherState(this.#options.dataDir, {
      pid: process.pid,
      adminUrl: this.#db.server.adminUrl,
      kind: this.#db.server.kind,
      processes,
    })
  }
}
