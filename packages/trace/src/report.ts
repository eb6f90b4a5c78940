import { getEntry } from '@loopguard/catalog';
// The stats module alone: the language server bundles this file, and the fixture server's index pulls in its load generator.
import { percentile } from '@loopguard/fixture-server';
import * as path from 'node:path';
import type { Frame, Phase, Site, Stall, TraceFile } from './format';
import { SourceMapper } from './source-maps';

/** A static finding as the CLI's lint API returns it (`Finding` of the `loopguard` package), reduced to what the join needs. */
export interface StaticFinding {
  readonly filePath: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly ruleId: string | null;
  readonly catalogId?: string;
  readonly fatal?: boolean;
  readonly chain?: ReadonlyArray<{ readonly name?: string; readonly file?: string; readonly line?: number; readonly column?: number }>;
}

export interface AnalysedFile {
  readonly filePath: string;
  readonly findings: readonly StaticFinding[];
}

/** What a group of calls cost, with counts scaled up when the trace was sampled. */
export interface Cost {
  readonly calls: number;
  readonly totalMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Other HTTP requests that were open while the calls blocked. */
  readonly delayedRequests: number;
  /** Heartbeat timers that fired late in a stall these calls were part of. */
  readonly lateTimers: number;
  readonly phases: Phase[];
  readonly threads: Array<'main' | 'worker'>;
}

export interface MeasuredFinding {
  readonly finding: StaticFinding;
  readonly entry: string;
  readonly cost: Cost;
}

/**
 * Why the analysis said nothing about a call that blocked at run time: `missed` is a call it should have
 * reported; the others are silences the analysis means to keep.
 */
export type Verdict = 'missed' | 'start-up' | 'cli' | 'worker' | 'test' | 'not-analysed';

export interface RuntimeOnly {
  readonly entry: string;
  /** The innermost frame in the project's own code (not node_modules), if any. */
  readonly location?: Frame;
  readonly stack: Frame[];
  readonly verdict: Verdict;
  readonly reason: string;
  readonly viaRequire: boolean;
  readonly cost: Cost;
}

export interface StallView {
  readonly pid: number;
  readonly thread: 'main' | 'worker';
  readonly atMs: number;
  readonly lagMs: number;
  readonly phase: Phase;
  /** One entry a call site: its calls in the stall, how long they took together. */
  readonly calls: Array<{ entry: string; location?: Frame; ms: number; count: number }>;
  readonly otherMs: number;
}

export interface TraceReport {
  readonly tracePath: string;
  readonly recordedAt: string;
  readonly command: string[];
  readonly sample: number;
  readonly processes: number;
  readonly ran: MeasuredFinding[];
  readonly runtimeOnly: RuntimeOnly[];
  readonly neverRan: StaticFinding[];
  readonly stalls: StallView[];
  readonly eventLoop: Array<{ pid: number; thread: 'main' | 'worker'; p50Ms: number; p99Ms: number; maxMs: number }>;
  /** Things the report could not do fully (a missing source map); the CLI prints them. */
  readonly problems: string[];
}

interface MappedSite {
  readonly site: Site;
  readonly frames: Frame[];
  readonly thread: 'main' | 'worker';
  readonly served: boolean;
}

const RULE_ID = 'loopguard/no-blocking-io';

function isProjectFile(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.split(path.sep).includes('node_modules');
}

/** Folders and file names that the usual test runners' conventions mark as test code. */
const TEST_FOLDERS = new Set(['test', 'tests', '__tests__']);
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/u;
/** Test runners, as the package a frame's file is in (the last `node_modules` segment of its path, so pnpm's layout works). */
const TEST_RUNNERS = new Set(['mocha', 'jest', 'jest-circus', 'jest-jasmine2', 'jest-runner', 'vitest', 'ava', 'tap', 'jasmine', 'uvu', 'tape']);
const TEST_RUNNER_SCOPES = new Set(['@jest', '@vitest', '@tapjs']);

/** A file of the project's own tests: in a `test/`, `tests/` or `__tests__/` folder, or named `*.test.*` / `*.spec.*`. */
export function isTestFile(file: string, root: string): boolean {
  const parts = path.relative(root, file).split(path.sep);
  return parts.slice(0, -1).some((p) => TEST_FOLDERS.has(p)) || TEST_FILE.test(parts[parts.length - 1] ?? '');
}

/** A frame inside a test runner: a file of node_modules/mocha (jest, vitest, ava, tap, …), or Node's own `node:test`. */
export function isTestRunnerFile(file: string): boolean {
  if (file.startsWith('node:test') || file.includes('internal/test_runner/')) return true;
  const parts = file.split(/[\\/]/u);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return false;
  const name = parts[at + 1] ?? '';
  return TEST_RUNNERS.has(name) || TEST_RUNNER_SCOPES.has(name);
}

/**
 * True when test code alone made the call: every frame of the project's own code is in a test file, or, with
 * no project frame, every frame is inside a test runner (mocha's reporter writing with `writeSync`). A frame
 * in the project's other code (a handler, a library function) makes it the project's call, not the tests'.
 */
function madeByTests(frames: readonly Frame[], root: string): boolean {
  const own = frames.filter((f) => isProjectFile(f.file, root));
  if (own.length > 0) return own.every((f) => isTestFile(f.file, root));
  return frames.length > 0 && frames.every((f) => isTestRunnerFile(f.file));
}

function key(file: string, line: number): string {
  return `${file}:${line}`;
}

/**
 * Joins a trace with the static findings of the same project: findings that ran (ranked by total blocked
 * time), calls that blocked but were not reported (each with a verdict), and findings that never ran.
 * A site belongs to a finding when the finding's line is on the site's stack and they name the same API;
 * of several, the one nearest the blocking call wins (a helper's own finding before its caller's).
 */
export function buildReport(trace: TraceFile, tracePath: string, analysed: readonly AnalysedFile[], root: string, mapper = new SourceMapper()): TraceReport {
  const sites: MappedSite[] = [];
  const stalls: StallView[] = [];
  for (const proc of trace.processes) {
    const thread = proc.isMainThread ? 'main' : 'worker';
    const mapped = proc.sites.map((site) => ({ site, frames: site.frames.map((f) => mapper.map(f)), thread, served: proc.servingAtMs !== undefined }) as MappedSite);
    sites.push(...mapped);
    for (const stall of proc.stalls) stalls.push(stallView(proc.pid, thread, stall, mapped, root));
  }

  const findings = analysed.flatMap((f) => f.findings.filter((x) => x.ruleId === RULE_ID && !x.fatal));
  const findingsAt = new Map<string, StaticFinding[]>();
  for (const finding of findings) {
    const k = key(finding.filePath, finding.line);
    findingsAt.set(k, [...(findingsAt.get(k) ?? []), finding]);
  }
  const linted = new Set(analysed.map((f) => f.filePath));

  const byFinding = new Map<StaticFinding, MappedSite[]>();
  const unmatched: MappedSite[] = [];
  for (const s of sites) {
    const finding = matchFinding(s, findingsAt);
    if (finding) byFinding.set(finding, [...(byFinding.get(finding) ?? []), s]);
    else unmatched.push(s);
  }

  const ran = [...byFinding].map(([finding, group]) => ({ finding, entry: finding.catalogId ?? group[0]!.site.entry, cost: cost(group, trace.sample) }));
  ran.sort((a, b) => b.cost.totalMs - a.cost.totalMs);
  const neverRan = findings.filter((f) => !byFinding.has(f));

  const runtimeGroups = new Map<string, MappedSite[]>();
  for (const s of unmatched) {
    const location = s.frames.find((f) => isProjectFile(f.file, root));
    const k = [s.site.entry, location ? key(location.file, location.line) : s.frames.map((f) => key(f.file, f.line)).join('|'), s.site.phase, s.thread, s.served, Boolean(s.site.viaRequire)].join('\0');
    runtimeGroups.set(k, [...(runtimeGroups.get(k) ?? []), s]);
  }
  const runtimeOnly = [...runtimeGroups.values()].map((group) => {
    const first = group[0]!;
    const location = first.frames.find((f) => isProjectFile(f.file, root));
    const { verdict, reason } = classify(first, location, linted, root);
    return { entry: first.site.entry, ...(location ? { location } : {}), stack: first.frames, verdict, reason, viaRequire: Boolean(first.site.viaRequire), cost: cost(group, trace.sample) };
  });
  runtimeOnly.sort((a, b) => Number(b.verdict === 'missed') - Number(a.verdict === 'missed') || b.cost.totalMs - a.cost.totalMs);

  stalls.sort((a, b) => b.lagMs - a.lagMs);
  return {
    tracePath,
    recordedAt: trace.startedAt,
    command: trace.command,
    sample: trace.sample,
    processes: trace.processes.length,
    ran,
    runtimeOnly,
    neverRan,
    stalls: stalls.slice(0, 20),
    eventLoop: trace.processes.flatMap((p) => (p.eventLoop ? [{ pid: p.pid, thread: p.isMainThread ? ('main' as const) : ('worker' as const), p50Ms: p.eventLoop.p50Ms, p99Ms: p.eventLoop.p99Ms, maxMs: p.eventLoop.maxMs }] : [])),
    problems: mapper.problems,
  };
}

function matchFinding(s: MappedSite, findingsAt: ReadonlyMap<string, StaticFinding[]>): StaticFinding | undefined {
  for (const frame of s.frames) {
    const candidates = findingsAt.get(key(frame.file, frame.line));
    if (!candidates) continue;
    const same = candidates.find((f) => !f.catalogId || f.catalogId === s.site.entry);
    if (same) return same;
    // One line, one finding for `db.prepare(sql).get()`, and one function under two names (`glob.sync` is
    // `globSync`): a call of the same kind on a reported line is part of that finding.
    const kind = getEntry(s.site.entry)?.kind;
    const sameKind = candidates.find((f) => f.catalogId && getEntry(f.catalogId)?.kind === kind);
    if (sameKind) return sameKind;
  }
  return undefined;
}

function classify(s: MappedSite, location: Frame | undefined, linted: ReadonlySet<string>, root: string): { verdict: Verdict; reason: string } {
  if (s.thread === 'worker') return { verdict: 'worker', reason: 'ran on a worker thread: blocking there does not stall the main event loop' };
  if (s.site.phase === 'startup') {
    return s.served
      ? { verdict: 'start-up', reason: 'ran before the server started listening: nothing else was waiting yet' }
      : { verdict: 'cli', reason: 'the process never served a request (a CLI, a script or a test runner): blocking is how it works' };
  }
  // A test process serves from its first test's `listen()`; the test bodies and the reporter that run after
  // it are not request handlers, and the analysis is right to say nothing about their sync calls.
  if (madeByTests(s.frames, root)) {
    return location
      ? { verdict: 'test', reason: 'test code: every frame of the project\'s own code on its stack is in a test file (test/, tests/, __tests__/, *.test.*, *.spec.*), not in a request handler' }
      : { verdict: 'test', reason: 'test code: every frame on its stack is inside a test runner (its reporter or its runner), not in a request handler' };
  }
  if (!location) return { verdict: 'not-analysed', reason: 'no frame in the project\'s own code (the call is inside a dependency)' };
  if (!linted.has(location.file)) return { verdict: 'not-analysed', reason: 'the file was not among the files the analysis linted' };
  return { verdict: 'missed', reason: 'blocked while the server was serving, and the analysis reported nothing on its stack' };
}

function cost(group: readonly MappedSite[], sample: number): Cost {
  const scale = sample > 0 ? 1 / sample : 1;
  const durations = group.flatMap((g) => g.site.durations);
  const sum = (pick: (s: Site) => number) => group.reduce((total, g) => total + pick(g.site), 0);
  return {
    calls: Math.round(sum((s) => s.calls) * scale),
    totalMs: round(sum((s) => s.totalMs) * scale),
    p50Ms: durations.length ? round(percentile(durations, 50)) : 0,
    p99Ms: durations.length ? round(percentile(durations, 99)) : 0,
    maxMs: round(Math.max(...group.map((g) => g.site.maxMs))),
    delayedRequests: Math.round(sum((s) => s.delayedRequests) * scale),
    lateTimers: sum((s) => s.lateTimers),
    phases: [...new Set(group.map((g) => g.site.phase))],
    threads: [...new Set(group.map((g) => g.thread))],
  };
}

function stallView(pid: number, thread: 'main' | 'worker', stall: Stall, mapped: readonly MappedSite[], root: string): StallView {
  return {
    pid,
    thread,
    atMs: stall.atMs,
    lagMs: stall.lagMs,
    phase: stall.phase,
    calls: stall.calls.map((c) => {
      const s = mapped[c.site];
      const location = s?.frames.find((f) => isProjectFile(f.file, root)) ?? s?.frames[0];
      return { entry: s?.site.entry ?? '?', ...(location ? { location } : {}), ms: c.ms, count: c.count ?? 1 };
    }),
    otherMs: stall.otherMs,
  };
}

/** Microseconds: a small cached read takes 0.02 ms and still has to show a measured duration. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** "measured: 312 calls, p99 41 ms, max 180 ms, 3.1 s in total (trace of 2026-12-02)": the editor's line. */
export function costLine(c: Cost, recordedAt: string): string {
  const total = c.totalMs >= 1000 ? `${(c.totalMs / 1000).toFixed(1)} s` : `${Math.round(c.totalMs)} ms`;
  const ms = (v: number) => (v >= 10 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
  return `measured: ${c.calls} call${c.calls === 1 ? '' : 's'}, p99 ${ms(c.p99Ms)}, max ${ms(c.maxMs)}, ${total} in total (trace of ${recordedAt.slice(0, 10)})`;
}
