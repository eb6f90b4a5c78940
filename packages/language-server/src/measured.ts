import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Measured, SourceMapper, StaticFinding, TraceFile } from '@loopguard/trace';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding } from './findings';
import type { Settings } from './settings';

type TraceModule = typeof import('@loopguard/trace');

/** How often a trace file the server may use is stat-ed, on libuv's thread pool (`fs.watchFile`). */
const POLL_MS = 1000;

interface LoadedTrace {
  readonly mtimeMs: number;
  readonly trace?: TraceFile;
  readonly mapper?: SourceMapper;
}

interface Join {
  /** The trace's mtime and the findings the join was made for. */
  readonly key: string;
  /** The measured cost of each finding, by its index. */
  readonly measured: ReadonlyArray<Measured | undefined>;
}

/**
 * Puts the cost measured by `loopguard trace` on a file's diagnostics: the message gains "measured: 312 calls,
 * p99 41 ms, ..." from the nearest .loopguard/trace.json, and with `loopguard.raiseSeverityAboveMs` a finding
 * whose p99 is above it becomes an error. The trace package is optional: without it nothing changes.
 *
 * This runs on every keystroke, so it does no file system work there: the trace files that may apply (one
 * candidate per ancestor folder of a linted file) are stat-ed once when first seen, then polled by
 * `fs.watchFile` off the main thread; a trace is read once per change, and the join of a file's findings with
 * it (`buildReport`, over the whole trace) is kept until the trace or the file's findings change.
 */
export class MeasuredDiagnostics {
  private lib: TraceModule | null | undefined;
  /** Candidate trace files and their mtime as last polled (0: no file there). */
  private readonly candidates = new Map<string, number>();
  private readonly traces = new Map<string, LoadedTrace>();
  private readonly joins = new Map<string, Join>();
  /** Joins computed (not taken from the cache): for tests and the trace log. */
  joinsComputed = 0;

  /**
   * `warn`: a trace that cannot be read is reported once per change of the file.
   * `changed`: a trace appeared, changed or went away; diagnostics that show it are out of date.
   */
  constructor(
    private readonly warn: (message: string) => void,
    private readonly changed: () => void = () => undefined,
  ) {}

  decorate(diagnostics: Diagnostic[], findings: readonly Finding[], filePath: string, settings: Settings): Diagnostic[] {
    if (findings.length === 0) return diagnostics;
    const lib = this.load();
    if (!lib) return diagnostics;
    const traceFile = this.nearestTrace(lib, filePath);
    if (!traceFile) return diagnostics;
    const measured = this.join(lib, traceFile, filePath, findings);
    return diagnostics.map((d, i) => {
      const m = measured[i];
      if (!m) return d;
      const raise = settings.raiseSeverityAboveMs !== null && m.cost.p99Ms > settings.raiseSeverityAboveMs;
      return { ...d, message: `${d.message} (${m.line})`, ...(raise ? { severity: DiagnosticSeverity.Error } : {}) };
    });
  }

  /** Stops polling (server shutdown). */
  dispose(): void {
    for (const file of this.candidates.keys()) fs.unwatchFile(file);
    this.candidates.clear();
  }

  private join(lib: TraceModule, traceFile: string, filePath: string, findings: readonly Finding[]): ReadonlyArray<Measured | undefined> {
    const loaded = this.read(lib, traceFile);
    if (!loaded.trace || !loaded.mapper) return [];
    const statics: StaticFinding[] = findings.map((f) => ({
      filePath,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      message: f.message,
      ruleId: 'loopguard/no-blocking-io',
      ...(f.entry ? { catalogId: f.entry.id } : {}),
    }));
    const key = `${traceFile}\0${loaded.mtimeMs}\0${JSON.stringify(statics.map((s) => [s.line, s.column, s.catalogId, s.message]))}`;
    const cached = this.joins.get(filePath);
    if (cached?.key === key) return cached.measured;
    this.joinsComputed += 1;
    // The same join as `loopguard trace report`, for this file's findings.
    const report = lib.buildReport(loaded.trace, traceFile, [{ filePath, findings: statics }], path.dirname(path.dirname(traceFile)), loaded.mapper);
    const byFinding = new Map(report.ran.map((m) => [m.finding, m.cost]));
    const startedAt = loaded.trace.startedAt;
    const measured = statics.map((s) => {
      const cost = byFinding.get(s);
      return cost ? { cost, line: lib.costLine(cost, startedAt) } : undefined;
    });
    this.joins.set(filePath, { key, measured });
    return measured;
  }

  private read(lib: TraceModule, traceFile: string): LoadedTrace {
    const mtimeMs = this.candidates.get(traceFile) ?? 0;
    const cached = this.traces.get(traceFile);
    if (cached?.mtimeMs === mtimeMs) return cached;
    let loaded: LoadedTrace;
    try {
      loaded = { mtimeMs, trace: lib.readTrace(traceFile), mapper: new lib.SourceMapper() };
    } catch (error) {
      loaded = { mtimeMs };
      this.warn(`loopguard: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.traces.set(traceFile, loaded);
    return loaded;
  }

  /** The nearest trace above a file, from the polled state; a folder seen for the first time is stat-ed once. */
  private nearestTrace(lib: TraceModule, filePath: string): string | undefined {
    let dir = path.dirname(filePath);
    for (;;) {
      const candidate = path.join(dir, lib.DEFAULT_TRACE);
      if (this.watch(candidate) > 0) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }

  private watch(candidate: string): number {
    const known = this.candidates.get(candidate);
    if (known !== undefined) return known;
    let mtimeMs = 0;
    try {
      mtimeMs = fs.statSync(candidate).mtimeMs;
    } catch {
      // Not there (yet): the poll below notices when it appears.
    }
    this.candidates.set(candidate, mtimeMs);
    // Not persistent: polling must not keep the server alive after the client has gone.
    fs.watchFile(candidate, { interval: POLL_MS, persistent: false }, (current) => {
      const now = current.mtimeMs;
      if (now === this.candidates.get(candidate)) return;
      this.candidates.set(candidate, now);
      this.traces.delete(candidate);
      this.changed();
    });
    return mtimeMs;
  }

  private load(): TraceModule | null {
    if (this.lib !== undefined) return this.lib;
    try {
      this.lib = require('@loopguard/trace') as TraceModule;
    } catch {
      this.lib = null;
    }
    return this.lib;
  }
}
