import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { DEFAULT_PATTERNS_DIR, loadPatterns } from '../patterns';
import { median, medianRun, ratio, round } from '../stats';
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

/** The method: heartbeat and `/ping` ratios of at least 5, and a blocking heartbeat max of 50 ms. */
export const VERDICT = { minRatio: 5, minBlockingHeartbeatMs: 50 } as const;
export const DEFAULT_SWEEP = [1, 5, 10, 25] as const;

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
  /** Time budget of the whole run, used to fit durations: 540 s for a full run, 45 s a pattern otherwise. */
  readonly budgetMs?: number;
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

const OVERHEAD_MS = 1_200;
const MAX_WARMUP_MS = 2_000;
const MAX_DURATION_MS = 5_000;
const BASELINE = { warmupMs: 1_000, durationMs: 2_000 };

function resolveOptions(options: ImpactOptions, patterns: readonly Pattern[], full: boolean): ImpactOptionsResolved {
  const reps = options.reps ?? 3;
  const sweep = options.sweep === false ? [] : [...(options.sweep ?? (full ? DEFAULT_SWEEP : []))];
  const sweepRuns = patterns.filter((p) => p.sweep).length * sweep.filter((c) => c !== (options.connections ?? 10)).length * 2;
  const runs = patterns.length * reps * 2 + sweepRuns;
  const budget = options.budgetMs ?? (full ? 540_000 : 45_000 * patterns.length);
  const baselineMs = options.skipBaseline ? 0 : BASELINE.warmupMs + BASELINE.durationMs + OVERHEAD_MS;
  // Load time of one run: what the budget leaves after process start-up, split 2:5 like the 2 s + 5 s method.
  const load = Math.min(MAX_WARMUP_MS + MAX_DURATION_MS, Math.max(1_500, (budget - baselineMs) / Math.max(1, runs) - OVERHEAD_MS));
  return {
    warmupMs: options.warmupMs ?? Math.round((load * 2) / 7),
    durationMs: options.durationMs ?? Math.round((load * 5) / 7),
    reps,
    connections: options.connections ?? 10,
    heartbeatMs: options.heartbeatMs ?? 10,
    pingIntervalMs: options.pingIntervalMs ?? 20,
    pingTimeoutMs: options.pingTimeoutMs ?? 5_000,
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
    patterns.length * resolved.reps * 2 + sweepPatterns.length * resolved.sweep.filter((c) => c !== resolved.connections).length * 2;
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
    try {
      if (pattern.upstream) upstream = await startUpstream();
      for (let rep = 1; rep <= resolved.reps; rep++) {
        for (const variant of ['blocking', 'fixed'] as const) {
          const info: RunInfo = { pattern: pattern.id, variant, rep, connections, index: ++index, total };
          reporter.onRunStart?.(info);
          const run = await runOnce({ pattern, variant, connections, rep, options: resolved, ...(upstream ? { upstreamUrl: upstream.url } : {}) });
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
    }
    mainRuns.set(pattern.id, runs);
    const result = judge(pattern, connections, runs, (Date.now() - patternStarted) / 1000);
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
  return {
    heartbeatMaxMs: m((r) => r.heartbeat.maxLagMs),
    pingP99Ms: m((r) => r.ping.p99Ms),
    pingFailed: ok.reduce((n, r) => n + r.ping.failed, 0),
    elu: m((r) => r.elu),
    rps: m((r) => r.work.rps),
    workP99Ms: m((r) => r.work.p99Ms),
    workErrors: ok.reduce((n, r) => n + r.work.errors + r.work.non2xx + r.work.timeouts, 0),
    callMs: m((r) => r.work.callMs),
    sigtermHandlerMs: m((r) => r.shutdown.handlerMs),
    ...(metrics.length > 0 ? { metric: round(median(metrics), 2) } : {}),
    failedRuns: runs.length - ok.length,
  };
}

/** Applies the verdict rules (README: "Verdict"). */
export function judge(pattern: Pattern, connections: number, runs: readonly RunResult[], seconds: number): PatternResult {
  const base = {
    id: pattern.id,
    title: pattern.title,
    kind: pattern.kind,
    catalogIds: pattern.catalogIds,
    fix: pattern.fix,
    connections,
    runs,
    ...(pattern.metric ? { metric: pattern.metric } : {}),
    seconds,
  };
  const blocking = summarise(runs.filter((r) => r.variant === 'blocking'));
  const fixed = summarise(runs.filter((r) => r.variant === 'fixed'));
  if (!blocking || !fixed) {
    const error = runs.find((r) => r.error)?.error ?? 'no run finished';
    const notRun = /needs Node/.test(error);
    return { ...base, ...(blocking ? { blocking } : {}), ...(fixed ? { fixed } : {}), verdict: notRun ? 'not run' : 'not verified', reason: error };
  }
  const ratios = {
    heartbeat: round(ratio(blocking.heartbeatMaxMs, fixed.heartbeatMaxMs), 1),
    pingP99: round(ratio(blocking.pingP99Ms, fixed.pingP99Ms), 1),
    ...(blocking.metric !== undefined && fixed.metric !== undefined ? { metric: round(ratio(blocking.metric, fixed.metric), 1) } : {}),
  };
  const problems: string[] = [];
  if (ratios.heartbeat < VERDICT.minRatio) problems.push(`heartbeat ratio ${ratios.heartbeat} < ${VERDICT.minRatio}`);
  if (ratios.pingP99 < VERDICT.minRatio) problems.push(`/ping p99 ratio ${ratios.pingP99} < ${VERDICT.minRatio}`);
  if (blocking.heartbeatMaxMs < VERDICT.minBlockingHeartbeatMs) {
    problems.push(`blocking heartbeat max ${blocking.heartbeatMaxMs} ms < ${VERDICT.minBlockingHeartbeatMs} ms`);
  }
  const fixedErrors = fixed.failedRuns + fixed.workErrors + fixed.pingFailed;
  if (fixedErrors > 0) {
    problems.push(`the fixed variant had errors (${fixed.failedRuns} failed runs, ${fixed.workErrors} /work errors, ${fixed.pingFailed} /ping failures)`);
  }
  if (pattern.metric && ratios.metric !== undefined && ratios.metric < VERDICT.minRatio) {
    problems.push(`${pattern.metric.label} ratio ${ratios.metric} < ${VERDICT.minRatio}`);
  }
  const figures =
    `heartbeat max ${blocking.heartbeatMaxMs} vs ${fixed.heartbeatMaxMs} ms (x${ratios.heartbeat}), ` +
    `/ping p99 ${blocking.pingP99Ms} vs ${fixed.pingP99Ms} ms (x${ratios.pingP99})` +
    (pattern.metric && blocking.metric !== undefined ? `, ${pattern.metric.label} ${blocking.metric} vs ${fixed.metric} ${pattern.metric.unit}` : '');
  return {
    ...base,
    blocking,
    fixed,
    ratios,
    verdict: problems.length === 0 ? 'verified' : 'not verified',
    reason: problems.length === 0 ? figures : `${problems.join('; ')}: ${figures}`,
  };
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
