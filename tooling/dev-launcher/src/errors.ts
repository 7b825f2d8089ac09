/** Launcher errors: a stable code, and a message that says what is wrong and what to do. */
export class LauncherError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'LauncherError'
    this.code = code
  }
}

export class UsageError extends LauncherError {
  constructor(message: string) {
    super('DEV_USAGE', message)
    this.name = 'UsageError'
  }
}

export function isLauncherError(err: unknown): err is LauncherError {
  return err instanceof LauncherError
}
