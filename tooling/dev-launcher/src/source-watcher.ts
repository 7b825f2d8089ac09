import { watch } from 'chokidar'

export interface SourceWatcher {
  close(): Promise<void>
}

/**
 * Watches `folders` and hands over the changed paths in batches: one save, a `git checkout` or a
 * `drizzle-kit generate` (SQL, then the journal) arrives as one batch after `quietMs` of calm.
 */
export function watchSources(
  folders: readonly string[],
  onBatch: (paths: string[]) => void,
  quietMs = 300,
): SourceWatcher {
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const watcher = watch([...folders], {
    ignoreInitial: true,
    // A file still being written (an editor's save, drizzle-kit) is reported once its size holds.
    awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
    ignored: (path) => path.includes('node_modules'),
  })
  watcher.on('all', (_event, path) => {
    pending.add(path)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const paths = [...pending]
      pending.clear()
      onBatch(paths)
    }, quietMs)
  })
  return {
    async close() {
      clearTimeout(timer)
      await watcher.close()
    },
  }
}
