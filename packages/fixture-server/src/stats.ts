import type { RunResult } from './types';

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * blocking / fixed, with the fixed figure floored at `floor` so that a fix measured at 0 ms (below the timer's
 * resolution) does not turn the ratio infinite.
 */
export function ratio(blocking: number, fixed: number, floor = 1): number {
  return blocking / Math.max(fixed, floor);
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The run whose heartbeat max is the median of the runs (for charts that show one run). */
export function medianRun(runs: readonly RunResult[]): RunResult | undefined {
  if (runs.length === 0) return undefined;
  const sorted = [...runs].sort((a, b) => a.heartbeat.maxLagMs - b.heartbeat.maxLagMs);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

