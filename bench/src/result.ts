import type { Summary } from './stats.js'

/** One figure of the report: ours beside a baseline measured in the same run, and its target. */
export interface Figure {
  /** What is measured, e.g. `orders dist/main.js, spawn → /health/ready 200`. */
  metric: string
  unit: 'ms' | 'req/s' | 'statements' | 'MiB' | 'runs' | 'errors'
  ours: Summary
  baseline?: { name: string; summary: Summary }
  /** ours.median / baseline.median. */
  ratio?: number
  /** The target in words, e.g. `≤ 1.15× floor`; absent for figures reported for information. */
  target?: string
  met?: boolean
  /** Hard invariants (one verification statement, 8/8 Jobs succeed, zero errors) fail the smoke test. */
  invariant?: boolean
}

/** The outcome of one measurement: its figures plus whatever detail explains them. */
export interface MeasurementResult {
  id: 'startup' | 'round-trips' | 'replicas' | 'migration-job' | 'api' | 'memory'
  title: string
  figures: Figure[]
  details: Record<string, unknown>
}

export interface MachineDescription {
  cpuModel: string
  cores: number
  memoryGiB: number
  node: string
  postgres: string
  platform: string
  /** 1-minute load average when the run started and ended: how busy the shared machine was. */
  loadAverage: { start: number; end: number }
}

export interface BenchReport {
  date: string
  durationSeconds: number
  machine: MachineDescription
  settings: Record<string, unknown>
  /** How PostgreSQL ran: embedded, `fast` (fsync off), pg_stat_statements. */
  postgres: { mode: string; settings: Record<string, string> }
  measurements: MeasurementResult[]
}
