import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { DEFAULT_PATTERNS_DIR, loadPatterns } from '../patterns';
import { median, medianRun, round } from '../stats';
import { decide, geometricMean, ratio, VERDICT, type JudgedFigure, type RepPair } from '../verdict';
export { medianRun };
import type {
  ImpactOptionsResolved,
  ImpactReport,
  Pattern,
  PatternResult,
  RunResult,
  SweepPoint,
  SweepResult,
  Variant,
  VariantSummary,
} from '../types';
import { writeHtmlReport } from '../report/html';
import { killGroup, waitForExit } from './processes';
import { runOnce, startUpstream } from './measure';

/** 10 comes from the main runs; 5 was dropped to keep the full suite under 6 minutes (1 and 25 show the trend). */
export const DEFAULT_SWEEP = [1, 10, 25] as const;

export interface RunInfo {
  readonly pattern: string;
  readonly variant: Variant | 'baseline';
  readonly rep: number;
  readonly connections: number;
  /** 1-based position of this run in the plan, and the plan's length. */
  readonly index: number;
  readonly total: number;
}

/** Progress callbacks; all optional. The CLI prints a table from them. */
export interface ImpactReporter {
  onStart?(plan: { patterns: readonly string[]; runs: number; options: ImpactOptionsResolved }): void;
  onBaseline?(run: RunResult, quiet: boolean): void;
  onRunStart?(info: RunInfo): void;
  onRunEnd?(info: RunInfo, run: RunResult): void;
  onPattern?(result: PatternResult): void;
  onSweep?(result: SweepResult): void;
  onEnd?(report: ImpactReport): void;
}

export interface ImpactOptions {
  /** Pattern ids; all patterns when empty. */
  readonly patterns?: readonly string[];
  readonly patternsDir?: string;
  /** Where impact.json and impact.html go; nothing is written without it. */
  readonly outDir?: string;
  /** Fixed durations; without them the load time per run is fitted to `budgetMs` (at most 2 s + 5 s). */
  readonly warmupMs?: number;
  readonly durationMs?: number;
  /** Time budget of the whole run, used to fit durations: 300 s for a full run, 30 s a pattern otherwise. */
  readonly budgetMs?: number;
  /** A fixed number of blocking/fixed pairs; without it, adaptive: VERDICT.minReps, more up to VERDICT.maxReps while inconclusive. */
  readonly reps?: number;
  readonly connections?: number;
  readonly heartbeatMs?: number;
  readonly pingIntervalMs?: number;
  readonly pingTimeoutMs?: number;
  /** The no-op baseline's heartbeat max must stay under this, or the run stops as "machine too noisy". */
  readonly noiseThresholdMs?: number;
  /** Measure even when the baseline is noisy (the report says so). */
  readonly force?: boolean;
  readonly skipBaseline?: boolean;
  /** Concurrency levels of the sweep for patterns marked `sweep`; default [1, 5, 10, 25] on a full run, none otherwise; `false` for none. */
  readonly sweep?: readonly number[] | false;
  /** Limit of one server run, start to stop. */
  readonly runTimeoutMs?: number;
  readonly reporter?: ImpactReporter;
}

/**
 * Process start-up, setup and SIGTERM around each run's load. An estimate: a no-op run cost about 1.6 s of CPU
 * under heavy load (so roughly 1 s of wall time on 2 idle cores), and some setups (thousands of files, a 100k-row
 * database) add more. Not yet measured on a quiet machine: quiet-runs records the real wall times.
 */
const OVERHEAD_MS = 1_500;
const MAX_WARMUP_MS = 2_000;
const MAX_DURATION_MS = 5_000;
const BASELINE = { warmupMs: 500, durationMs: 1_500 };

function resolveOptions(options: ImpactOptions, patterns: readonly Pattern[], full: boolean): ImpactOptionsResolved {
  const reps = options.reps ?? VERDICT.maxReps;
  const minReps = options.reps ?? VERDICT.minReps;
  const sweep = options.sweep === false ? [] : [...(options.sweep ?? (full ? DEFAULT_SWEEP : []))];
  const sweepRuns = patterns.filter((p) => p.sweep).length * sweep.filter((c) => c !== (options.connections ?? 10)).length * 2;
  // Fit to the repetitions a quiet machine needs; noisy ones take longer (adaptive repetitions), by design.
  const runs = patterns.length * minReps * 2 + sweepRuns;
  const budget = options.budgetMs ?? (full ? 300_000 : 30_000 * patterns.length);
  const baselineMs = options.skipBaseline ? 0 : BASELINE.warmupMs + BASELINE.durationMs + OVERHEAD_MS;
  // Load time of one run: what the budget leaves after process start-up, split 2:5 like the 2 s + 5 s method.
  const load = Math.min(MAX_WARMUP_MS + MAX_DURATION_MS, Math.max(1_500, (budget - baselineMs) / Math.max(1, runs) - OVERHEAD_MS));
  return {
    warmupMs: options.warmupMs ?? Math.round((load * 2) / 7),
    durationMs: options.durationMs ?? Math.round((load * 5) / 7),
    reps,
    minReps,
    connections: options.connections ?? 10,
    heartbeatMs: options.heartbeatMs ?? 10,
    pingIntervalMs: options.pingIntervalMs ?? 20,
    // 2 s, not more: a blocked server's last pings wait this long before the run can end, and a 2 s cap still
    // leaves a blocking/fixed ratio of hundreds on a quiet machine.
    pingTimeoutMs: options.pingTimeoutMs ?? 2_000,
    noiseThresholdMs: options.noiseThresholdMs ?? 20,
    runTimeoutMs: options.runTimeoutMs ?? 60_000,
    sweep,
  };
}

function machine(): ImpactReport['machine'] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    loadAverage: os.loadavg().map((l) => round(l, 2)),
  };
}

/**
 * Measures every selected pattern: a no-op baseline first (stops when the machine is too noisy), then for each
 * pattern `reps` interleaved blocking/fixed runs, medians and a verdict; then the concurrency sweep.
 * A failing pattern is reported and the others go on. Writes impact.json and impact.html to `outDir`.
 */
export async function runImpact(options: ImpactOptions = {}): Promise<ImpactReport> {
  const started = Date.now();
  const patternsDir = options.patternsDir ?? DEFAULT_PATTERNS_DIR;
  const full = !options.patterns || options.patterns.length === 0;
  const patterns = loadPatterns(options.patterns, patternsDir);
  const resolved = resolveOptions(options, patterns, full);
  const reporter = options.reporter ?? {};
  const sweepPatterns = patterns.filter((p) => p.sweep && resolved.sweep.length > 0);
  const total =
    patterns.length * resolved.minReps * 2 + sweepPatterns.length * resolved.sweep.filter((c) => c !== resolved.connections).length * 2;
  reporter.onStart?.({ patterns: patterns.map((p) => p.id), runs: total, options: resolved });

  const base = { tool: toolInfo(), date: new Date().toISOString(), machine: machine(), options: resolved };
  let baseline: RunResult | undefined;
  let quiet = true;
  if (!options.skipBaseline) {
    baseline = await runOnce({
      variant: 'baseline',
      connections: resolved.connections,
      rep: 1,
      options: { ...resolved, warmupMs: Math.min(BASELINE.warmupMs, resolved.warmupMs), durationMs: Math.min(BASELINE.durationMs, resolved.durationMs) },
    });
    quiet = !baseline.error && baseline.heartbeat.maxLagMs < resolved.noiseThresholdMs;
    reporter.onBaseline?.(baseline, quiet);
    if (!quiet && !options.force) {
      const aborted = baseline.error
        ? `the no-op baseline failed: ${baseline.error}`
        : `machine too noisy: the no-op baseline's heartbeat max was ${round(baseline.heartbeat.maxLagMs)} ms, over the ` +
          `${resolved.noiseThresholdMs} ms threshold. Stop other load and run again, or pass --force to measure anyway.`;
      const report: ImpactReport = { ...base, baseline, quiet, aborted, patterns: [], sweeps: [], seconds: (Date.now() - started) / 1000 };
      write(report, options.outDir);
      reporter.onEnd?.(report);
      return report;
    }
  }

  let index = 0;
  const results: PatternResult[] = [];
  const mainRuns = new Map<string, RunResult[]>();
  for (const pattern of patterns) {
    const patternStarted = Date.now();
    const connections = pattern.connections ?? resolved.connections;
    const runs: RunResult[] = [];
    let upstream: { url: string; child: ChildProcess } | undefined;
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopguard-cache-'));
    try {
      if (pattern.upstream) upstream = await startUpstream();
      // Adaptive repetitions: pairs until the verdict is clear, at least minReps, at most reps.
      for (let rep = 1; rep <= resolved.reps; rep++) {
        if (rep > resolved.minReps && !judge(pattern, connections, runs, 0).more) break;
        for (const variant of ['blocking', 'fixed'] as const) {
          const info: RunInfo = { pattern: pattern.id, variant, rep, connections, index: ++index, total: Math.max(total, index) };
          reporter.onRunStart?.(info);
          const run = await runOnce({ pattern, variant, connections, rep, options: resolved, cacheDir, ...(upstream ? { upstreamUrl: upstream.url } : {}) });
          runs.push(run);
          reporter.onRunEnd?.(info, run);
        }
      }
    } catch (error) {
      runs.push({ ...emptyRun('blocking', connections), error: (error as Error).message });
    } finally {
      if (upstream) {
        killGroup(upstream.child);
        await waitForExit(upstream.child, 5_000);
      }
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
    mainRuns.set(pattern.id, runs);
    const { more: _more, ...result } = judge(pattern, connections, runs, (Date.now() - patternStarted) / 1000);
    results.push(result);
    reporter.onPattern?.(result);
  }

  const sweeps: SweepResult[] = [];
  for (const pattern of sweepPatterns) {
    const points: SweepPoint[] = [];
    let upstream: { url: string; child: ChildProcess } | undefined;
    try {
      if (pattern.upstream) upstream = await startUpstream();
      for (const connections of resolved.sweep) {
        const reuse = connections === (pattern.connections ?? resolved.connections) ? mainRuns.get(pattern.id) : undefined;
        const pick = (variant: Variant): RunResult | undefined => medianRun((reuse ?? []).filter((r) => r.variant === variant && !r.error));
        let blocking = pick('blocking');
        let fixed = pick('fixed');
        for (const variant of ['blocking', 'fixed'] as const) {
          if ((variant === 'blocking' ? blocking : fixed) !== undefined) continue;
          const info: RunInfo = { pattern: pattern.id, variant, rep: 1, connections, index: ++index, total };
          reporter.onRunStart?.(info);
          const run = await runOnce({ pattern, variant, connections, rep: 1, options: resolved, ...(upstream ? { upstreamUrl: upstream.url } : {}) });
          reporter.onRunEnd?.(info, run);
          if (variant === 'blocking') blocking = run;
          else fixed = run;
        }
        if (blocking && fixed) points.push({ connections, blocking, fixed });
      }
    } catch (error) {
      // The sweep illustrates; a failure here leaves the pattern's verdict as it is.
      points.push({ connections: -1, blocking: { ...emptyRun('blocking', 0), error: (error as Error).message }, fixed: emptyRun('fixed', 0) });
    } finally {
      if (upstream) {
        killGroup(upstream.child);
        await waitForExit(upstream.child, 5_000);
      }
    }
    const sweep = { id: pattern.id, points };
    sweeps.push(sweep);
    reporter.onSweep?.(sweep);
  }

  const report: ImpactReport = {
    ...base,
    ...(baseline ? { baseline } : {}),
    quiet,
    patterns: results,
    sweeps,
    seconds: (Date.now() - started) / 1000,
  };
  write(report, options.outDir);
  reporter.onEnd?.(report);
  return report;
}

function summarise(runs: readonly RunResult[]): VariantSummary | undefined {
  const ok = runs.filter((r) => !r.error);
  if (ok.length === 0) return undefined;
  const m = (f: (r: RunResult) => number): number => round(median(ok.map(f)), 2);
  const metrics = ok.map((r) => r.metric).filter((v): v is number => v !== undefined);
  const noise = ok.map((r) => r.noise?.share).filter((v): v is number => v !== undefined);
  return {
    heartbeatMaxMs: m((r) => r.heartbeat.maxLagMs),
    blockedMsPerS: m(blockedPerS),
    ...(noise.length > 0 ? { noiseShare: round(median(noise), 3) } : {}),
    pingP99Ms: m((r) => r.ping.p99Ms),
    pingFailed: ok.reduce((n, r) => n + r.ping.failed, 0),
    elu: m((r) => r.elu),
    rps: m((r) => r.work.rps),
    workP99Ms: m((r) => r.work.p99Ms),
    workErrors: ok.reduce((n, r) => n + r.work.errors + r.work.non2xx + r.work.timeouts, 0),
    non2xx: ok.reduce((n, r) => n + r.work.non2xx, 0),
    callMs: m((r) => r.work.callMs),
    sigtermHandlerMs: m((r) => r.shutdown.handlerMs),
    ...(metrics.length > 0 ? { metric: round(median(metrics), 2) } : {}),
    failedRuns: runs.length - ok.length,
  };
}

/** Heartbeat blocked time per second of the window. */
function blockedPerS(r: RunResult): number {
  return r.windowMs > 0 ? ((r.heartbeat.blockedMs ?? 0) * 1000) / r.windowMs : 0;
}

/**
 * The figures a pattern is judged by. Blocked time, not the heartbeat max: one scheduling hiccup of a fixed run
 * sets its max (26-70 ms under load, issue 18) but adds little to its blocked time. Its floor is 10 ms/s (1%).
 */
function figuresOf(pattern: Pattern): JudgedFigure[] {
  const metric: JudgedFigure[] = pattern.metric && pattern.metric.judged !== false ? [{ id: 'metric', label: pattern.metric.label, floor: 1 }] : [];
  if (pattern.judge === 'metric') return metric;
  return [{ id: 'blocked', label: 'heartbeat blocked time', floor: 10 }, { id: 'ping', label: '/ping p99', floor: 1 }, ...metric];
}

function figuresOfRun(r: RunResult): Record<string, number> {
  return { blocked: blockedPerS(r), ping: r.ping.p99Ms, heartbeat: r.heartbeat.maxLagMs, ...(r.metric !== undefined ? { metric: r.metric } : {}) };
}

/** Repetition i's blocking and fixed runs, when both finished: interleaved, they share the machine's state. */
function pairsOf(runs: readonly RunResult[]): RepPair[] {
  const pairs: RepPair[] = [];
  for (const b of runs.filter((r) => r.variant === 'blocking' && !r.error)) {
    const f = runs.find((r) => r.variant === 'fixed' && r.rep === b.rep && !r.error);
    if (f) pairs.push({ blocking: figuresOfRun(b), fixed: figuresOfRun(f) });
  }
  return pairs;
}

/** Applies the verdict (verdict.ts, README "Verdict") to a pattern's runs. `more`: another repetition could decide it. */
export function judge(pattern: Pattern, connections: number, runs: readonly RunResult[], seconds: number): PatternResult & { more: boolean } {
  const base = {
    id: pattern.id,
    title: pattern.title,
    kind: pattern.kind,
    catalogIds: pattern.catalogIds,
    fix: pattern.fix,
    connections,
    runs,
    ...(pattern.metric ? { metric: pattern.metric } : {}),
    ...(pattern.notAStall ? { notAStall: pattern.notAStall } : {}),
    ...(pattern.limits ? { limits: pattern.limits } : {}),
    seconds,
  };
  const blocking = summarise(runs.filter((r) => r.variant === 'blocking'));
  const fixed = summarise(runs.filter((r) => r.variant === 'fixed'));
  const error = runs.find((r) => r.error)?.error;
  if (error && /needs Node/.test(error)) return { ...base, verdict: 'not run', reason: error, more: false };
  if (!blocking || !fixed) {
    // A fix that cannot even run is refuted; a blocking variant that cannot run leaves nothing to compare.
    const verdict = blocking && !fixed ? 'refuted' : 'inconclusive';
    return { ...base, ...(blocking ? { blocking } : {}), ...(fixed ? { fixed } : {}), verdict, reason: error ?? 'no run finished', more: false };
  }
  const pairs = pairsOf(runs);
  const decision = decide({
    figures: figuresOf(pattern),
    pairs,
    ...(pattern.judge === 'metric' ? {} : { blockingStallMs: blocking.heartbeatMaxMs }),
    ...(fixed.noiseShare !== undefined ? { fixedNoiseShare: fixed.noiseShare } : {}),
    // Only answers the handler got wrong (non-2xx): timeouts and connection errors are what a starved machine
    // causes too (autocannon counts timeouts among its errors), so they speak through the ratios instead.
    fixedErrors: fixed.non2xx,
  });
  const mean = (id: string): number => round(geometricMean(pairs.map((p) => ratio(p.blocking[id] ?? 0, p.fixed[id] ?? 0, id === 'blocked' ? 10 : 1))), 1);
  const ratios = {
    heartbeat: mean('heartbeat'),
    blocked: mean('blocked'),
    pingP99: mean('ping'),
    ...(pattern.metric && blocking.metric !== undefined && fixed.metric !== undefined ? { metric: mean('metric') } : {}),
  };
  const stats: Record<string, (typeof decision.ratios)[string]> = {};
  for (const [id, e] of Object.entries(decision.ratios)) {
    stats[id] = { ...e, perRep: e.perRep.map((v) => round(v, 2)), estimate: round(e.estimate, 2), low: round(e.low, 2), high: round(e.high, 2) };
  }
  const reason = pattern.judge === 'metric' && pattern.notAStall ? `judged by its own figure (${pattern.notAStall}): ${decision.reason}` : decision.reason;
  return { ...base, blocking, fixed, ratios, stats, reps: pairs.length, verdict: decision.verdict, reason, more: decision.more };
}

function emptyRun(variant: Variant, connections: number): RunResult {
  return {
    variant,
    connections,
    rep: 0,
    windowStart: 0,
    windowMs: 0,
    heartbeat: { maxLagMs: 0, fires: 0, expectedFires: 0 },
    lagTimeline: [],
    elu: 0,
    ping: { sent: 0, ok: 0, failed: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 },
    work: { requests: 0, errors: 0, non2xx: 0, timeouts: 0, rps: 0, p50Ms: 0, p99Ms: 0, callMs: 0 },
    shutdown: { handlerMs: 0, exitMs: 0 },
  };
}

function toolInfo(): ImpactReport['tool'] {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

function write(report: ImpactReport, outDir: string | undefined): void {
  if (!outDir) return;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'impact.json'), `${JSON.stringify(report, null, 1)}\n`);
  writeHtmlReport(report, path.join(outDir, 'impact.html'));
}
