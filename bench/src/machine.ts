import { cpus, loadavg, platform, release, totalmem } from 'node:os'
import type { MachineDescription } from './result.js'

/** What the numbers were measured on: quote them together. */
export function describeMachine(postgres: string, loadAtStart: number): MachineDescription {
  const cpu = cpus()
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    platform: `${platform()} ${release()}`,
    loadAverage: { start: loadAtStart, end: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
  }
}

export const currentLoad = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100
