import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceFile } from './format';
import { readTrace } from './read';
import { buildReport, costLine, type Cost, type StaticFinding } from './report';
import { DEFAULT_TRACE } from './run';
import { SourceMapper } from './source-maps';

interface Loaded {
  readonly file: string;
  readonly mtimeMs: number;
  readonly trace?: TraceFile;
  readonly mapper: SourceMapper;
  readonly error?: string;
}

export interface Measured {
  readonly cost: Cost;
  /** "measured: 312 calls, p99 41 ms, max 180 ms, 3.1 s in total (trace of 2026-12-02)". */
  readonly line: string;
}

/**
 * The measured cost of findings, for an editor: finds the nearest `.loopguard/trace.json` above a file,
 * reads it once (again only when it changes on disk) and joins it with one file's findings the way
 * `loopguard trace report` does.
 */
export class MeasuredCosts {
  private readonly loaded = new Map<string, Loaded>();

  /** A trace that cannot be read is reported once through `onError`, then ignored until it changes. */
  constructor(private readonly onError: (message: string) => void = () => undefined) {}

  costs(filePath: string, findings: readonly StaticFinding[]): Map<StaticFinding, Measured> {
    const out = new Map<StaticFinding, Measured>();
    const traceFile = nearestTrace(filePath);
    if (!traceFile || findings.length === 0) return out;
    const loaded = this.load(traceFile);
    if (!loaded.trace) return out;
    const report = buildReport(loaded.trace, traceFile, [{ filePath, findings }], path.dirname(path.dirname(traceFile)), loaded.mapper);
    for (const m of report.ran) out.set(m.finding, { cost: m.cost, line: costLine(m.cost, loaded.trace.startedAt) });
    return out;
  }

  private load(file: string): Loaded {
    const mtimeMs = fs.statSync(file).mtimeMs;
    const cached = this.loaded.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    let loaded: Loaded;
    try {
      loaded = { file, mtimeMs, trace: readTrace(file), mapper: new SourceMapper() };
    } catch (error) {
      loaded = { file, mtimeMs, mapper: new SourceMapper(), error: (error as Error).message };
      this.onError(`loopguard: ${loaded.error}`);
    }
    this.loaded.set(file, loaded);
    return loaded;
  }
}

function nearestTrace(filePath: string): string | undefined {
  let dir = path.dirname(filePath);
  for (;;) {
    const candidate = path.join(dir, DEFAULT_TRACE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
