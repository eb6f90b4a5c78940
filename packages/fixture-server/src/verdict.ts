// The verdict: the statistics that turn repeated blocking/fixed measurements into verified, refuted or
// inconclusive. It is the one owner of the thresholds: the TypeScript patterns (run/impact.ts) and the Rust
// patterns (@loopguard/rust) both call `decide`. It has no I/O so that it can be tested on synthetic samples.
// README "Verdict" gives the reasons for each choice.

/** Thresholds of the verdict. */
export const VERDICT = {
  /** blocking / fixed of every judged figure, with the whole confidence interval above it. */
  minRatio: 5,
  /** The blocking variant's median heartbeat max: under this it is not a stall at all, on any machine. */
  minBlockingStallMs: 50,
  /** Two-sided confidence of the interval of each ratio. */
  confidence: 0.9,
  /** Bootstrap resamples (seeded: the same samples give the same interval). */
  resamples: 2000,
  /** Repetitions (blocking/fixed pairs) before the first decision, and the most a pattern gets. */
  minReps: 2,
  maxReps: 4,
  /**
   * A fixed run whose measured loop waited for a CPU (run-queue wait, Linux schedstat) more than this share of its
   * window ran on a noisy machine: a low ratio there is "inconclusive", never "refuted".
   */
  maxNoiseShare: 0.1,
} as const;

export type Thresholds = { -readonly [K in keyof typeof VERDICT]: number };

export type VerdictName = 'verified' | 'refuted' | 'inconclusive';

/** A figure that the verdict judges as a blocking / fixed ratio. */
export interface JudgedFigure {
  /** Key of the figure in each pair's `blocking` and `fixed` records. */
  readonly id: string;
  /** Words for reasons: "heartbeat blocked time". */
  readonly label: string;
  /** The fixed value is floored at this in a ratio, so that a fix measured at 0 does not make it infinite. */
  readonly floor: number;
}

/** One repetition: a blocking run and the fixed run next to it, each figure's value by id. */
export interface RepPair {
  readonly blocking: Readonly<Record<string, number>>;
  readonly fixed: Readonly<Record<string, number>>;
}

/** A ratio over the repetitions: each repetition's ratio, their geometric mean and its bootstrap interval. */
export interface RatioEstimate {
  readonly perRep: readonly number[];
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  /** Where the interval lies against the threshold. */
  readonly call: 'above' | 'below' | 'unclear';
}

export interface VerdictInput {
  readonly figures: readonly JudgedFigure[];
  readonly pairs: readonly RepPair[];
  /** The blocking variant's median heartbeat max in ms; leave it out for a pattern not judged as a stall. */
  readonly blockingStallMs?: number;
  /** Median share of the fixed runs' window that the measured loop waited for a CPU; undefined when unknown. */
  readonly fixedNoiseShare?: number;
  /** Failures of the fixed variant that noise does not explain (/work errors, non-2xx, crashed runs). */
  readonly fixedErrors?: number;
  readonly thresholds?: Partial<Thresholds>;
}

export interface VerdictResult {
  readonly verdict: VerdictName;
  readonly ratios: Readonly<Record<string, RatioEstimate>>;
  /** Why, in words with the figures. */
  readonly reason: string;
  /** True when another repetition could still change an inconclusive verdict (the caller stops at maxReps). */
  readonly more: boolean;
}

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

export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  // Ratios multiply: a x10 and a x0.1 repetition average to x1, not x5.
  return Math.exp(values.reduce((s, v) => s + Math.log(Math.max(v, Number.MIN_VALUE)), 0) / values.length);
}

/** A small seeded PRNG (mulberry32): the interval of the same samples is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Percentile bootstrap interval of `statistic` over `values`: resample the values with replacement, take the
 * statistic of each resample, and cut the tails. With two or three repetitions it is close to [min, max] of the
 * per-repetition statistic, which is what a decision on so few samples should demand.
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number,
  confidence: number = VERDICT.confidence,
  resamples: number = VERDICT.resamples,
  seed = 1,
): [number, number] {
  if (values.length === 0) return [0, 0];
  const random = seededRandom(seed);
  const stats: number[] = [];
  const sample = new Array<number>(values.length);
  for (let i = 0; i < resamples; i++) {
    for (let j = 0; j < values.length; j++) sample[j] = values[Math.floor(random() * values.length)] as number;
    stats.push(statistic(sample));
  }
  const tail = ((1 - confidence) / 2) * 100;
  return [percentile(stats, tail), percentile(stats, 100 - tail)];
}

/** Each repetition's blocking / fixed ratio of one figure, their geometric mean and its interval. */
export function estimateRatio(pairs: readonly RepPair[], figure: JudgedFigure, thresholds: Partial<Thresholds> = {}): RatioEstimate {
  const t = { ...VERDICT, ...thresholds };
  const perRep = pairs
    .map((p) => [p.blocking[figure.id], p.fixed[figure.id]] as const)
    .filter((bf): bf is readonly [number, number] => bf[0] !== undefined && bf[1] !== undefined && Number.isFinite(bf[0]) && Number.isFinite(bf[1]))
    .map(([b, f]) => ratio(b, f, figure.floor));
  const estimate = geometricMean(perRep);
  const [low, high] = bootstrapInterval(perRep, geometricMean, t.confidence, t.resamples);
  const call = perRep.length === 0 ? 'unclear' : low >= t.minRatio ? 'above' : high < t.minRatio ? 'below' : 'unclear';
  return { perRep, estimate, low, high, call };
}

const fmt = (v: number): string => (v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const describe = (f: JudgedFigure, e: RatioEstimate): string =>
  `${f.label} x${fmt(e.estimate)} [${fmt(e.low)}, ${fmt(e.high)}] over ${e.perRep.length} rep${e.perRep.length === 1 ? '' : 's'}`;

/**
 * The verdict on the repetitions so far:
 * - **verified**: the blocking variant stalls (median heartbeat max >= minBlockingStallMs, for a stall pattern),
 *   the fixed one has no errors, and the interval of every judged ratio lies at or above minRatio;
 * - **refuted**: the blocking variant does not stall, or the fixed one fails, or a ratio's whole interval lies
 *   under minRatio while the fixed runs were quiet (their loop hardly waited for a CPU): the fix does not
 *   remove a stall here, and noise cannot be what hid it;
 * - **inconclusive**: everything else: an interval that straddles minRatio, or a low ratio on a noisy machine.
 *   `more` says whether another repetition could decide it.
 */
export function decide(input: VerdictInput): VerdictResult {
  const t = { ...VERDICT, ...input.thresholds };
  const ratios: Record<string, RatioEstimate> = {};
  for (const figure of input.figures) ratios[figure.id] = estimateRatio(input.pairs, figure, t);
  const figures = input.figures.map((f) => describe(f, ratios[f.id] as RatioEstimate)).join('; ');
  if (input.pairs.length === 0) return { verdict: 'inconclusive', ratios, reason: 'no repetition finished', more: false };

  if ((input.fixedErrors ?? 0) > 0) {
    return { verdict: 'refuted', ratios, reason: `the fixed variant failed ${input.fixedErrors} time(s): ${figures}`, more: false };
  }
  if (input.blockingStallMs !== undefined && input.blockingStallMs < t.minBlockingStallMs) {
    // Noise only lengthens a stall, so a short one is short on any machine.
    return {
      verdict: 'refuted',
      ratios,
      reason: `the blocking variant's heartbeat max ${fmt(input.blockingStallMs)} ms is under ${t.minBlockingStallMs} ms: not a stall; ${figures}`,
      more: false,
    };
  }
  const calls = input.figures.map((f) => (ratios[f.id] as RatioEstimate).call);
  if (calls.every((c) => c === 'above')) return { verdict: 'verified', ratios, reason: figures, more: false };

  const noise =
    input.fixedNoiseShare === undefined ? 'unknown' : `${Math.round(input.fixedNoiseShare * 100)}% of the window`;
  const quiet = input.fixedNoiseShare !== undefined && input.fixedNoiseShare <= t.maxNoiseShare;
  const below = input.figures.filter((f) => ratios[f.id]?.call === 'below').map((f) => f.label);
  if (below.length > 0 && quiet) {
    return {
      verdict: 'refuted',
      ratios,
      reason: `${below.join(', ')} under x${t.minRatio} on a quiet machine (the fixed loop waited for a CPU ${noise}): ${figures}`,
      more: false,
    };
  }
  const why =
    below.length > 0
      ? `${below.join(', ')} under x${t.minRatio}, but the fixed loop waited for a CPU ${noise} (over ${Math.round(t.maxNoiseShare * 100)}%): the machine was too noisy to tell`
      : `the interval of ${input.figures
          .filter((f) => ratios[f.id]?.call === 'unclear')
          .map((f) => f.label)
          .join(', ')} straddles x${t.minRatio}`;
  return { verdict: 'inconclusive', ratios, reason: `${why}: ${figures}`, more: input.pairs.length < t.maxReps };
}
