/**
 * What ties a service to whoever started it. A process whose parent is gone must not live on:
 * - an IPC channel (the dev launcher opens one): it closes when the parent dies, even by SIGKILL;
 * - its log output: once stdout breaks (EPIPE), nobody reads it any more.
 * In Kubernetes there is no IPC channel and stdout never breaks, so neither fires there.
 */
export function watchParentChannel(onLost: (reason: string) => void): void {
  if (!process.channel) return
  // The channel must not keep the process alive on its own, nor delay a normal exit.
  process.channel.unref()
  process.once('disconnect', () => onLost('the process that started this one is gone (IPC channel closed)'))
}

/** True for the error a write to a pipe whose reader has gone gets. */
export function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'
}
