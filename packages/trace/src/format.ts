/**
 * The trace file: what one `loopguard trace` run recorded, as plain JSON. The recorder writes one
 * `ProcessTrace` per process or worker thread; the runner merges them into one `TraceFile`.
 */
export const TRACE_FORMAT = 'loopguard-trace';
/** Bump when a field changes meaning; `readTrace` refuses other versions instead of misreading them. */
export const TRACE_VERSION = 1;

export type Phase = 'startup' | 'serving';

export interface Frame {
  /** Absolute path (file URLs are converted), as the process saw it: mapped later through source maps. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly fn?: string;
}

/** One place a catalog API was called from, in one phase, with its measured cost. */
export interface Site {
  /** Catalog entry id (`fs.readFileSync`). */
  readonly entry: string;
  readonly phase: Phase;
  /** Innermost first, without node internals and without the instrumentation's own frames. */
  readonly frames: Frame[];
  /** True when the call was made by Node's module loader (a `require()`), not by the code itself. */
  readonly viaRequire?: boolean;
  calls: number;
  totalMs: number;
  maxMs: number;
  /** A bounded random sample of call durations (ms), for percentiles. */
  durations: number[];
  /**
   * Requests that waited for this site: the other requests open while a call blocked, plus requests that
   * arrived during it (parsed after it, before the next heartbeat). An estimate; calls under 1 ms never count.
   */
  delayedRequests: number;
  /** Heartbeat timers that fired late (a stall) while this site was among the calls that ran. */
  lateTimers: number;
}

/** One event-loop stall seen by the heartbeat timer, and the catalog calls that ran in it. */
export interface Stall {
  /** ms since the process started. */
  readonly atMs: number;
  readonly lagMs: number;
  readonly phase: Phase;
  /**
   * The calls that ran in the stall, one entry a site (at most `LIMITS.callsPerStall` sites): its index in the
   * process's `sites`, how long its calls took together, and how many there were (absent for one).
   */
  readonly calls: Array<{ site: number; ms: number; count?: number }>;
  /** The part of the stall that no catalog call explains (CPU work, unwrapped native calls). */
  readonly otherMs: number;
}

export interface EventLoopDelay {
  /** From `perf_hooks.monitorEventLoopDelay`; it has a floor at its resolution and one sample per stall. */
  readonly resolutionMs: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface ProcessTrace {
  readonly pid: number;
  readonly threadId: number;
  readonly isMainThread: boolean;
  readonly argv: string[];
  /** ms since start when serving began (first `listening` or first request); absent for a CLI run. */
  servingAtMs?: number;
  durationMs: number;
  eventLoop?: EventLoopDelay;
  sites: Site[];
  stalls: Stall[];
  /** Sites not kept because the per-process limit was reached; their calls are lost. */
  droppedCalls: number;
}

export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly version: number;
  /** The loopguard version that wrote it. */
  readonly tool: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly cwd: string;
  readonly command: string[];
  /** Fraction of calls recorded (1 = all); counts in the report are scaled by 1 / sample. */
  readonly sample: number;
  readonly exitCode: number | null;
  readonly processes: ProcessTrace[];
}

/** Settings the runner passes to every instrumented process through the environment. */
export const ENV = {
  dir: 'LOOPGUARD_TRACE_DIR',
  sample: 'LOOPGUARD_TRACE_SAMPLE',
  stallMs: 'LOOPGUARD_TRACE_STALL_MS',
} as const;
