import * as fs from 'node:fs';
import { findSourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread, threadId } from 'node:worker_threads';
import type { Frame, Phase, ProcessTrace, Site, Stall } from './format';

/** Limits that keep a trace small however long the service runs. */
export const LIMITS = {
  sitesPerProcess: 2000,
  framesPerSite: 12,
  durationsPerSite: 256,
  stallsKept: 20,
  callsPerStall: 16,
} as const;

// The recorder writes with the functions as they were before the instrumentation wrapped them, so that
// writing the trace never shows up in it.
const writeFileSync = fs.writeFileSync;
const renameSync = fs.renameSync;
const mkdirSync = fs.mkdirSync;

const OWN_DIR = __dirname;

export interface RecorderOptions {
  readonly dir: string;
  readonly sample: number;
  /** A heartbeat that fires this much later than planned is a stall. */
  readonly stallMs: number;
}

export class Recorder {
  private readonly sites: Site[] = [];
  private readonly siteByKey = new Map<string, number>();
  private readonly stalls: Stall[] = [];
  private droppedCalls = 0;
  private servingAtMs: number | undefined;
  private openRequests = 0;
  /**
   * Calls since the last heartbeat, summed by site: what ran in a stall, if the next beat is late. By site, not
   * by call: 4,000 `existsSync` calls of one loop are one cause of the stall, and must not crowd out the rest.
   */
  private recent = new Map<number, { ms: number; count: number }>();
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly file: string;
  private flushTimer: NodeJS.Timeout | undefined;
  private beatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RecorderOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.file = path.join(options.dir, `${process.pid}-${threadId}.json`);
  }

  start(): void {
    this.histogram.enable();
    const interval = Math.max(5, Math.floor(this.options.stallMs / 2));
    let planned = performance.now() + interval;
    this.beatTimer = setInterval(() => {
      const now = performance.now();
      const lag = now - planned;
      planned = now + interval;
      if (lag >= this.options.stallMs) this.noteStall(now, lag);
      this.recent.clear();
    }, interval);
    this.beatTimer.unref();
    // A service may never exit cleanly (killed by its supervisor): the trace on disk is at most 2 s old.
    // Sync on purpose: the same flush runs at 'exit', where nothing async completes, and the file is bounded.
    // eslint-disable-next-line loopguard/no-blocking-io
    this.flushTimer = setInterval(() => this.flush(), 2000);
    this.flushTimer.unref();
  }

  get phase(): Phase {
    return this.servingAtMs === undefined ? 'startup' : 'serving';
  }

  markServing(): void {
    if (this.servingAtMs === undefined) this.servingAtMs = performance.now();
  }

  requestStarted(): void {
    this.markServing();
    this.openRequests++;
    // A request that arrived while a call blocked is only parsed after it, before the timers run again: the
    // calls since the last heartbeat are what it waited for. (Requests already open are counted in record.)
    for (const [site, calls] of this.recent) if (calls.ms >= 1) this.sites[site]!.delayedRequests++;
  }

  requestEnded(): void {
    if (this.openRequests > 0) this.openRequests--;
  }

  record(entry: string, ms: number, stack: readonly NodeJS.CallSite[]): void {
    const phase = this.phase;
    let key = `${phase}\0${entry}`;
    for (const site of stack) key += `\0${site.getFileName() ?? ''}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}`;
    let index = this.siteByKey.get(key);
    if (index === undefined) {
      if (this.sites.length >= LIMITS.sitesPerProcess) {
        this.droppedCalls++;
        return;
      }
      const parsed = parseStack(stack.map(formatCallSite).join('\n'));
      const frames = parsed.frames.map(mapInProcess);
      const viaRequire = parsed.viaRequire;
      index = this.sites.length;
      this.sites.push({ entry, phase, frames, ...(viaRequire ? { viaRequire } : {}), calls: 0, totalMs: 0, maxMs: 0, durations: [], delayedRequests: 0, lateTimers: 0 });
      this.siteByKey.set(key, index);
    }
    const site = this.sites[index]!;
    site.calls++;
    site.totalMs += ms;
    if (ms > site.maxMs) site.maxMs = ms;
    // Reservoir sampling keeps every call equally likely to be among the kept durations.
    if (site.durations.length < LIMITS.durationsPerSite) site.durations.push(round(ms));
    else {
      const slot = Math.floor(Math.random() * site.calls);
      if (slot < LIMITS.durationsPerSite) site.durations[slot] = round(ms);
    }
    // The request that made the call is one of the open ones; every other one waited for it.
    if (this.openRequests > 1) site.delayedRequests += this.openRequests - 1;
    const recent = this.recent.get(index);
    if (recent) {
      recent.ms += ms;
      recent.count++;
    } else if (this.recent.size < LIMITS.callsPerStall) this.recent.set(index, { ms, count: 1 });
  }

  private noteStall(now: number, lag: number): void {
    const calls = [...this.recent].map(([site, c]) => ({ site, ms: round(c.ms), ...(c.count > 1 ? { count: c.count } : {}) }));
    for (const c of calls) this.sites[c.site]!.lateTimers++;
    const explained = calls.reduce((sum, c) => sum + c.ms, 0);
    const stall: Stall = { atMs: round(now), lagMs: round(lag), phase: this.phase, calls, otherMs: round(Math.max(0, lag - explained)) };
    this.stalls.push(stall);
    this.stalls.sort((a, b) => b.lagMs - a.lagMs);
    if (this.stalls.length > LIMITS.stallsKept) this.stalls.length = LIMITS.stallsKept;
  }

  snapshot(): ProcessTrace {
    const h = this.histogram;
    const ms = (ns: number): number => round(ns / 1e6);
    return {
      pid: process.pid,
      threadId,
      isMainThread,
      argv: process.argv.slice(1),
      ...(this.servingAtMs !== undefined ? { servingAtMs: round(this.servingAtMs) } : {}),
      durationMs: round(performance.now()),
      ...(h.count > 0 ? { eventLoop: { resolutionMs: 10, minMs: ms(h.min), meanMs: ms(h.mean), p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) } } : {}),
      sites: this.sites.map((s) => ({ ...s, totalMs: round(s.totalMs), maxMs: round(s.maxMs) })),
      stalls: this.stalls,
      droppedCalls: this.droppedCalls,
    };
  }

  /** Writes this process's trace; atomic, so that a reader never sees half a file. */
  flush(): void {
    try {
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.snapshot()));
      renameSync(tmp, this.file);
    } catch {
      // The traced program must never fail because its trace could not be written (its folder was removed).
    }
  }

  stop(): void {
    if (this.beatTimer) clearInterval(this.beatTimer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.histogram.disable();
    this.flush();
  }
}

/**
 * Code compiled in memory (tsx, ts-node, a bundler's inline maps) has no map file to read at report time:
 * when the process has source maps enabled, map the frame now, once per site. A frame mapped here is not
 * mapped again by the report (its file is then the original source).
 */
function mapInProcess(frame: Frame): Frame {
  try {
    const map = findSourceMap(frame.file);
    const entry = map?.findEntry(frame.line - 1, frame.column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined) return frame;
    const file = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : path.resolve(path.dirname(frame.file), entry.originalSource);
    return { ...frame, file, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  } catch {
    return frame;
  }
}

/** One frame as V8 prints it, for `parseStack`: "    at fn (file:line:column)". */
function formatCallSite(site: NodeJS.CallSite): string {
  const where = `${site.getFileName() ?? '<anonymous>'}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}`;
  const type = site.getTypeName();
  const fn = site.getFunctionName() ?? (site.getMethodName() ? `${type ?? '<anonymous>'}.${site.getMethodName()}` : null);
  return `    at ${fn ? `${type && !fn.includes('.') && !site.isToplevel() ? `${type}.` : ''}${fn} (${where})` : where}`;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/u;

/** The user's frames of a V8 stack, innermost first; drops Node internals and the instrumentation. */
export function parseStack(stack: string): { frames: Frame[]; viaRequire: boolean } {
  const frames: Frame[] = [];
  let viaRequire = false;
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const [, fn, location = '', lineText = '0', columnText = '0'] = match;
    let file = location.replace(/^async /u, '');
    if (file.startsWith('node:internal/modules') || file.startsWith('internal/modules')) {
      if (frames.length === 0) viaRequire = true;
      continue;
    }
    if (file.startsWith('node:') || file.startsWith('internal/') || !file.includes('/')) continue;
    if (file.startsWith('file://')) {
      try {
        file = decodeURIComponent(new URL(file).pathname);
      } catch {
        continue;
      }
    }
    if (file.startsWith(OWN_DIR)) continue;
    if (frames.length >= LIMITS.framesPerSite) break;
    const name = fn?.replace(/^(?:async |new )/u, '');
    frames.push({ file, line: Number(lineText), column: Number(columnText), ...(name ? { fn: name } : {}) });
  }
  return { frames, viaRequire };
}
