import type { RunResult } from './types';

export { median, percentile, ratio } from './verdict';

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

