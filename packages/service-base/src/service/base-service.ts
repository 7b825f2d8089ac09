import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import type { ServiceConfig } from '../config/service-config.js'
import { describeTarget, withConnectRetry } from '../database/connect-retry.js'
import { ExitCode, isBakeryError, ListenFailedError, WarningCode } from '../errors.js'
import { createLogger, type Logger } from '../logger.js'
import {
  type DatabaseState,
  databaseStateFrom,
  queryDatabaseState,
  type StateRow,
} from '../migrations/database-state.js'
import { type ExpectedJournal, expectedJournal } from '../migrations/journal-digest.js'
import { openManifestedFolder } from '../migrations/manifested-folder.js'
import { type MigrationBundle, readMigrationBundle } from '../migrations/migration-bundle.js'
import {
  describeInvalidIndexes,
  evaluateVerification,
  type VerificationResult,
} from '../migrations/verify-database.js'
import { buildServiceApp } from './build-service-app.js'
import { isBrokenPipe, watchParentChannel } from './lifelines.js'
import type { ServiceDefinition } from './service-definition.js'

/** The manifest the service build writes beside the bundle (dist/), as the route schemas are. */
const BUNDLED_MIGRATION_MANIFEST = fileURLToPath(new URL('./migration-manifest.json', import.meta.url))

/**
 * A service process (the Deployment's container): build the app, verify the database, listen, and
 * shut down gracefully. It never runs migrations, in any mode or environment.
 */
export class BaseService<TSchema extends Record<string, unknown>, TConfig extends ServiceConfig> {
  readonly definition: ServiceDefinition<TSchema, TConfig>
  readonly config: TConfig
  readonly log: Logger
  #app: FastifyInstance | undefined
  /** Starts the one shutdown path; set once the service listens. */
  #close: ((reason: string) => void) | undefined

  constructor(
    definition: ServiceDefinition<TSchema, TConfig>,
    config: TConfig,
    options: { logger?: Logger } = {},
  ) {
    this.definition = definition
    this.config = config
    this.log =
      options.logger ??
      createLogger({
        name: definition.name,
        level: config.logLevel,
        onBrokenPipe: () => this.#lose('its output is gone (EPIPE on stdout)'),
      })
  }

  get app(): FastifyInstance {
    if (!this.#app) throw new Error('BaseService.app is available after start()')
    return this.#app
  }

  /**
   * Verifies that the database is at the state this build expects, in one SQL statement, retrying
   * only while the server is unreachable (up to DB_CONNECT_TIMEOUT). Throws a typed error that says
   * what is wrong and what to run; never creates or alters anything.
   */
  async handleDatabaseTables(app: FastifyInstance = this.app): Promise<VerificationResult> {
    const started = performance.now()
    this.log.info('database verification mode: checking the database is ready')
    const { bundle, state } = await this.#readBundleAndState(app)
    const result = evaluateVerification(bundle, state, {
      service: this.definition.name,
      strict: this.config.migrations.strict,
    })
    const seconds = (performance.now() - started) / 1000
    app.metrics.verificationSeconds.set(seconds)
    for (const warning of result.warnings)
      this.log.warn({ code: 'SVC_DB_AHEAD', ahead: result.ahead }, warning)
    if (result.invalidIndexes.length > 0) {
      this.log.warn(
        { code: WarningCode.invalidIndex, invalidIndexes: result.invalidIndexes },
        describeInvalidIndexes(result.invalidIndexes),
      )
    }
    if (result.canCreate) {
      this.log.warn(
        { code: 'SVC_DB_ROLE_HAS_DDL', user: state.user },
        `The service connects as "${state.user}", which may create objects in the database: run it as a runtime role limited to reading and writing data.`,
      )
    }
    app.serviceState.verification = result
    this.log.info(
      {
        action: result.action,
        currentRevision: result.currentRevision,
        migrationCount: result.migrationCount,
        tableCount: result.tableCount,
        durationMs: Math.round(seconds * 1000),
      },
      'database verification successful',
    )
    return result
  }

  /**
   * The bundle and the database state, in one statement. The statement carries the digests of the
   * journal this build expects (see journal-digest.ts), so a journal that matches comes back as one
   * digest instead of every row. With the build's manifest (migration-manifest.ts) the digests are
   * known once the journal is read: the statement goes out at once and the rest of the folder is
   * checked while it runs. Without one, the files are read and hashed first. Either way an image
   * without its migrations fails at once, before the database retries.
   */
  async #readBundleAndState(
    app: FastifyInstance,
  ): Promise<{ bundle: MigrationBundle; state: DatabaseState }> {
    const folder = this.config.migrations.dir ?? this.definition.migrationsFolder
    const opened = openManifestedFolder(folder, this.config.migrations.manifest ?? BUNDLED_MIGRATION_MANIFEST)
    if (!opened) {
      const bundle = await readMigrationBundle(folder)
      const digests = expectedJournal(bundle.migrations)
      return {
        bundle,
        state: databaseStateFrom(await this.#queryState(app, digests), bundle.migrations, digests),
      }
    }
    // A folder that fails its check (a file gone) ends the start at once: no more attempts.
    const stop = new AbortController()
    const query = this.#queryState(app, opened.digests, stop.signal)
    const confirmed = opened.confirm().catch((err: unknown) => {
      stop.abort()
      throw err
    })
    const [row, now] = await Promise.all([query, confirmed])
    const state = databaseStateFrom(row, opened.asBuilt(), opened.digests)
    // The folder differs from the build: a matching digest still says which rows the database holds
    // (the build's), not that they are this folder's, so the plan compares them.
    const asBuilt = now.migrations === opened.asBuilt()
    return { bundle: now, state: asBuilt ? state : { ...state, journalMatches: false } }
  }

  #queryState(app: FastifyInstance, digests: ExpectedJournal, signal?: AbortSignal): Promise<StateRow> {
    return withConnectRetry(
      () => queryDatabaseState(app.database.sql, digests, { countTables: 'without-journal' }),
      {
        deadlineMs: this.config.database.connectTimeoutMs,
        target: describeTarget(this.config.database.url),
        onRetry: (info) => this.log.warn(info, 'database not reachable yet; retrying'),
        ...(signal ? { signal } : {}),
      },
    )
  }

  /**
   * Builds, verifies, listens, then installs the one shutdown path (signal → app.close()). The
   * shutdown path comes last: installed earlier, its exit hook would end a failed start with 0.
   */
  async start(): Promise<FastifyInstance> {
    watchParentChannel((reason) => this.#lose(reason))
    const app = await buildServiceApp(this.definition, this.config, { logger: this.log })
    this.#app = app
    try {
      await this.handleDatabaseTables(app)
      await this.#listen(app)
      this.installShutdown(app)
      app.metrics.startupSeconds.set(process.uptime())
      return app
    } catch (err) {
      // Nothing was served: drop connections (and attempts still in flight) without the grace wait.
      await app.database.close(0).catch(() => {})
      await app.close().catch(() => {})
      throw err
    }
  }

  async #listen(app: FastifyInstance): Promise<void> {
    const { port, host } = this.config
    try {
      await app.listen({ port, host })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      const held = code === 'EADDRINUSE'
      throw new ListenFailedError(
        held
          ? `Port ${port} on ${host} is already in use by another process: stop it, or set PORT to a free port.`
          : `Cannot listen on ${host}:${port} (${code ?? (err as Error).message}): set HOST/PORT to an address this process may use.`,
        { host, port, reason: code },
        { cause: err },
      )
    }
  }

  /** Whoever started this process is gone: shut down through the usual path, or at once if not serving yet. */
  #lose(reason: string): void {
    if (this.#close) this.#close(reason)
    else process.exit(ExitCode.unexpected)
  }

  private installShutdown(app: FastifyInstance): void {
    const { delayMs, timeoutMs } = this.config.shutdown
    let lost: string | undefined
    const closer = closeWithGrace(
      {
        delay: timeoutMs,
        logger: false,
        onTimeout: () => this.log.error({ timeoutMs }, 'graceful shutdown timed out'),
      },
      async ({ signal, err }) => {
        // A broken stdout must not turn the shutdown's own log lines into uncaught errors.
        if (err && isBrokenPipe(err)) lost ??= 'its output is gone (EPIPE)'
        if (lost) this.log.warn({ reason: lost }, `shutting down: ${lost}`)
        else if (err) this.log.error({ err }, 'fatal error; shutting down')
        else this.log.info({ signal }, 'shutting down: readiness now 503, finishing requests in flight')
        app.serviceState.shuttingDown = true
        // Give load balancers time to see readiness fail before the listener closes.
        if (delayMs > 0 && !err && !lost) await sleep(delayMs)
        await app.close()
        this.log.info('shutdown complete')
      },
    )
    this.#close = (reason) => {
      lost = reason
      void closer.close()
    }
  }
}

/**
 * The whole of a service's `main.ts`: config errors and failed verification end the process with a
 * single structured log line and the documented exit code.
 */
export async function runService<TSchema extends Record<string, unknown>, TConfig extends ServiceConfig>(
  definition: ServiceDefinition<TSchema, TConfig>,
  loadConfig: () => TConfig,
): Promise<void> {
  let log = createLogger({ name: definition.name, level: 'info' })
  try {
    const config = loadConfig()
    if (config.schemas.recordTo) {
      await recordSchemas(definition, config, config.schemas.recordTo)
      return
    }
    const service = new BaseService(definition, config)
    log = service.log
    await service.start()
  } catch (err) {
    if (isBakeryError(err)) {
      log.fatal({ code: err.code, ...err.details }, err.message)
      process.exitCode = err.exitCode
    } else {
      log.fatal({ err }, `startup failed: ${(err as Error)?.message ?? String(err)}`)
      process.exitCode = ExitCode.unexpected
    }
  }
}

/**
 * Build time (SCHEMAS_RECORD_TO): builds the app as production would, which compiles every route's
 * validators and serializers, writes their code to `file`, and closes without touching the database.
 */
async function recordSchemas<TSchema extends Record<string, unknown>, TConfig extends ServiceConfig>(
  definition: ServiceDefinition<TSchema, TConfig>,
  config: TConfig,
  file: string,
): Promise<void> {
  const log = createLogger({ name: definition.name, level: config.logLevel })
  const app = await buildServiceApp(definition, config, { logger: log })
  try {
    await app.ready()
    const { recorder } = app.schemaCompilation
    if (!recorder) throw new Error('recordSchemas: the app was not built with the recording compilers')
    await recorder.write(file)
    log.info({ file, ...recorder.counts }, 'route schemas compiled and written')
  } finally {
    await app.close()
  }
}
