import { ensureKubectl } from './kubectl.js'

/** Runs once before the test files: installs kubectl when missing, so workers never race to. */
export function setup(): void {
  const kubectl = ensureKubectl()
  process.env.KUBECTL = kubectl
}
