import type { RatioEstimate } from './verdict';
import type { BlockingKind } from '@loopguard/catalog';

/** A finding the rule must report in a pattern's blocking file. */
export interface ExpectedFinding {
  readonly line: number;
  readonly messageId: string;
  /** The catalog id the finding is about, when the report names one. */
  readonly catalogId?: string;
}

/** A figure that a pattern measures besides the event-loop stall ("what else breaks"). */
export interface PatternMetric {
  /**
   * Samples recorded with `record(name, value)` by the pattern's code, or `sigtermMs`: the time from SIGTERM
   * to the start of the server's shutdown handler, measured for every run, or `handlerMs`: how long each `/work`
   * call took inside the handler (the server times every call), less `subtract`.
   */
  readonly name: string;
  /** Taken off each sample: for `handlerMs`, the time the handler is meant to take (deasync's 30 ms wait). */
  readonly subtract?: number;
  /**
   * False: reported, not judged. For a figure with one sample a run (SIGTERM), whose single sample can land
   * between two stalls by chance: judging it would make the verdict a coin toss now and then.
   */
  readonly judged?: boolean;
  /** Says what the figure is: "the 50 ms timeout fired late by". */
  readonly label: string;
  /** How samples in the measured window are summarised. */
  readonly stat: 'max' | 'p99' | 'count';
  /** For `count`: only samples above this value are counted. */
  readonly above?: number;
  readonly unit: 'ms' | 'count';
}

/** `fixtures/patterns/<id>/manifest.json`. */
export interface PatternManifest {
  readonly id: string;
  readonly title: string;
  /** Catalog ids of the blocking calls; the first one decides the kind. */
  readonly catalogIds: readonly string[];
  /**
   * How the fixed twin was made: `suggestion` is exactly the rule's suggestion applied to the blocking file
   * (a test checks it); `worker` moves the work to a worker thread (piscina); `async` is a hand-written async
   * version where the rule offers no mechanical rewrite.
   */
  readonly fix: 'suggestion' | 'worker' | 'async';
  readonly expected: readonly ExpectedFinding[];
  /** Passed to the pattern's `setup(params, tools)`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Why the payload is this size: the cost of one call, so that concurrency x cost >= 100 ms. */
  readonly calibration: string;
  /** Concurrent `/work` connections; 10 unless the pattern needs another figure. */
  readonly connections?: number;
  /** Needs a newer Node than the one running the fixture server (for example `node:sqlite`). */
  readonly minNode?: string;
  /** Starts a loopback HTTP server in its own process, whose URL `setup` receives (sync HTTP patterns). */
  readonly upstream?: boolean;
  /** The pattern's own measurement, judged next to the stall. */
  readonly metric?: PatternMetric;
  /** Included in the concurrency sweep of a full run. */
  readonly sweep?: boolean;
  /**
   * What the verdict judges: `stall` (default) the heartbeat blocked time and `/ping` p99, plus `metric` when
   * there is one; `metric` only the pattern's own figure, for a pattern whose blocking call is not a stall
   * (deasync re-enters the loop), with `notAStall` saying why.
   */
  readonly judge?: 'stall' | 'metric';
  readonly notAStall?: string;
  /** What the fix cannot show on a small machine, and why (stated, not hidden in a low ratio). */
  readonly limits?: string;
  /**
   * libuv's thread pool size for this pattern's servers (UV_THREADPOOL_SIZE; Node's default is 4). A fix that
   * moves CPU work to the pool cannot show its gain when the pool's threads take every core from the loop
   * thread: on 2 cores, 4 busy pool threads leave the loop a third of a core, so its timers run late in the
   * fixed variant too. A pool of one thread leaves the loop a core, as a server sized for its load has.
   */
  readonly threadpoolSize?: number;
  /** Why `threadpoolSize` is set (required with it). */
  readonly threadpoolReason?: string;
}

export interface Pattern extends PatternManifest {
  readonly dir: string;
  readonly kind: BlockingKind;
  readonly blockingFile: string;
  readonly fixedFile: string;
  /** `setup.ts` when the folder has one. */
  readonly setupFile: string | undefined;
}

export type Variant = 'blocking' | 'fixed';

/** Figures of one server run in its measured window. */
export interface RunResult {
  readonly variant: Variant | 'baseline';
  readonly connections: number;
  readonly rep: number;
  /** Wall-clock start of the measured window (ms since the epoch) and its length. */
  readonly windowStart: number;
  readonly windowMs: number;
  readonly heartbeat: {
    readonly maxLagMs: number;
    readonly fires: number;
    readonly expectedFires: number;
    /**
     * Time the loop was stuck beyond one heartbeat period, summed over the window (a fire late by L ms adds
     * L - period): the robust stall figure, since one scheduling hiccup adds little to a sum but sets a max.
     */
    readonly blockedMs?: number;
  };
  /**
   * How long the server's loop thread waited for a CPU in the window (Linux run-queue wait from
   * /proc/<pid>/schedstat), and that as a share of the window: the machine's noise, apart from the pattern's own work.
   */
  readonly noise?: { readonly runQueueMs: number; readonly share: number };
  /** Per 100 ms of the window, how long the loop had been stuck at worst (from the heartbeat): [ms from window start, ms]. */
  readonly lagTimeline: ReadonlyArray<readonly [number, number]>;
  readonly elu: number;
  readonly ping: {
    readonly sent: number;
    readonly ok: number;
    readonly failed: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
  };
  readonly work: {
    readonly requests: number;
    readonly errors: number;
    readonly non2xx: number;
    readonly timeouts: number;
    readonly rps: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
    /** Median time inside the pattern's handler for one call. */
    readonly callMs: number;
  };
  /** From SIGTERM (sent under load after the window) to the start of the shutdown handler, and to exit. */
  readonly shutdown: { readonly handlerMs: number; readonly exitMs: number };
  /** The pattern's own figure, when it has one. */
  readonly metric?: number;
  /** Set when the run failed; its figures are then incomplete. */
  readonly error?: string;
}

/** Medians over the repetitions of one variant. */
export interface VariantSummary {
  readonly heartbeatMaxMs: number;
  /** Median heartbeat blocked time per second of window (ms/s). */
  readonly blockedMsPerS: number;
  /** Median run-queue wait share of the loop thread (0..1); absent where schedstat is not available. */
  readonly noiseShare?: number;
  readonly pingP99Ms: number;
  readonly pingFailed: number;
  readonly elu: number;
  readonly rps: number;
  readonly workP99Ms: number;
  readonly workErrors: number;
  /** Of those, answers that were not 2xx: the handler failed. */
  readonly non2xx: number;
  readonly callMs: number;
  readonly sigtermHandlerMs: number;
  readonly metric?: number;
  readonly failedRuns: number;
}

export type Verdict = 'verified' | 'refuted' | 'inconclusive' | 'not run';

export interface PatternResult {
  readonly id: string;
  readonly title: string;
  readonly kind: BlockingKind;
  readonly catalogIds: readonly string[];
  readonly fix: PatternManifest['fix'];
  readonly connections: number;
  readonly runs: readonly RunResult[];
  readonly blocking?: VariantSummary;
  readonly fixed?: VariantSummary;
  /** Geometric means of the per-repetition ratios (display); the verdict uses `stats`. */
  readonly ratios?: { readonly heartbeat: number; readonly blocked?: number; readonly pingP99: number; readonly metric?: number };
  /** Per judged figure: each repetition's ratio, their geometric mean and its bootstrap interval. */
  readonly stats?: Readonly<Record<string, RatioEstimate>>;
  /** Blocking/fixed pairs measured (adaptive: more when the verdict was not clear yet). */
  readonly reps?: number;
  readonly metric?: PatternMetric;
  readonly notAStall?: string;
  readonly limits?: string;
  readonly verdict: Verdict;
  /** Why the verdict is what it is, in words with the figures. */
  readonly reason: string;
  readonly seconds: number;
}

export interface SweepPoint {
  readonly connections: number;
  readonly blocking: RunResult;
  readonly fixed: RunResult;
}

export interface SweepResult {
  readonly id: string;
  readonly points: readonly SweepPoint[];
}

export interface ImpactOptionsResolved {
  readonly warmupMs: number;
  readonly durationMs: number;
  /** The most blocking/fixed pairs a pattern gets, and the fewest before the first decision. */
  readonly reps: number;
  readonly minReps: number;
  readonly connections: number;
  readonly heartbeatMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly noiseThresholdMs: number;
  readonly runTimeoutMs: number;
  readonly sweep: readonly number[];
}

export interface ImpactReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly date: string;
  readonly machine: {
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGb: number;
    readonly loadAverage: readonly number[];
  };
  readonly options: ImpactOptionsResolved;
  readonly baseline?: RunResult;
  /** False when the no-op baseline's heartbeat max was over the threshold: the run stopped there (or went on under --force). */
  readonly quiet: boolean;
  readonly aborted?: string;
  readonly patterns: readonly PatternResult[];
  readonly sweeps: readonly SweepResult[];
  readonly seconds: number;
  /** Set by scripts/quiet-runs.ts: this report is the last of several consecutive full runs, checked to agree. */
  readonly consistency?: Consistency;
}

export interface Consistency {
  readonly runs: number;
  /** Wall time of each full run, in seconds. */
  readonly seconds: readonly number[];
  readonly verdictsAgree: boolean;
  /** "pattern: verdict, verdict, verdict" for each pattern whose runs disagreed. */
  readonly disagreements: readonly string[];
  /** 1/5/15-minute load averages before the first run and after the last. */
  readonly loadAverageBefore: readonly number[];
  readonly loadAverageAfter: readonly number[];
}
